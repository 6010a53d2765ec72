using System;
using System.Diagnostics;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Credentials.Profiles;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi.Core.Credentials.Sources
{
    /// <summary>
    /// Runs a profile's credential_process as botocore does: the command split like a shell line (no shell), its
    /// standard output the JSON document of Version 1 (AccessKeyId, SecretAccessKey, SessionToken, Expiration). A
    /// non-zero exit is an error that quotes the process's standard error (its own words), never its output.
    /// </summary>
    internal static class CredentialProcessRunner
    {
        public static async Task<FetchedCredential> RunAsync(string profileName, string command, CancellationToken cancellationToken)
        {
            var words = SharedConfig.ShellWords(command);
            if (words is null || words.Count == 0)
            {
                throw ProfileErrors.Invalid(profileName, "The credential_process of profile '" + profileName + "' is not a command line (unbalanced quotes or empty).", "Fix credential_process in the profile.");
            }

            var start = new ProcessStartInfo(words[0])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                CreateNoWindow = true,
            };
            start.Arguments = string.Join(" ", words.GetRange(1, words.Count - 1).ConvertAll(Quote));
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (Exception error) when (error is System.ComponentModel.Win32Exception || error is InvalidOperationException)
            {
                throw Failed(profileName, "could not start '" + words[0] + "': " + error.Message, error);
            }

            using (process)
            using (cancellationToken.Register(() => { try { process.Kill(); } catch (InvalidOperationException) { } }))
            {
                var output = process.StandardOutput.ReadToEndAsync();
                var errors = process.StandardError.ReadToEndAsync();
                await Task.Run(() => process.WaitForExit(), cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (process.ExitCode != 0)
                {
                    throw Failed(profileName, "exited with code " + process.ExitCode + ": " + (await errors.ConfigureAwait(false)).Trim(), null);
                }

                var text = await output.ConfigureAwait(false);
                int version;
                try
                {
                    using (var json = JsonDocument.Parse(text))
                    {
                        version = json.RootElement.TryGetProperty("Version", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;
                    }
                }
                catch (JsonException)
                {
                    throw Failed(profileName, "did not print a JSON document", null);
                }

                if (version != 1)
                {
                    throw Failed(profileName, "printed a document without \"Version\": 1 (the only version the AWS CLI reads)", null);
                }

                return MetadataCredentials.Parse(text, "SessionToken", "the credential_process of profile '" + profileName + "'");
            }
        }

        private static string Quote(string word) => word.Length > 0 && word.IndexOfAny(new[] { ' ', '\t', '"' }) < 0 ? word : "\"" + word.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

        private static CrossAcctApiException Failed(string profileName, string what, Exception? inner) =>
            new CrossAcctApiException(StsErrorIds.SourceCredentialUnavailable, FailureKind.AuthenticationError, "The credential_process of profile '" + profileName + "' " + what + ".", profileName, inner)
            {
                RecommendedAction = "Run the command by hand to see what it prints; it must print {\"Version\": 1, \"AccessKeyId\": ..., \"SecretAccessKey\": ...}.",
            };
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CrossAcctApi.Core.Sts
{
    /// <summary>
    /// The AWS CLI's own assume-role cache (~/.aws/cli/cache), read and written in its format so that an MFA code typed
    /// for `aws --profile X` serves the module and back. The key is botocore's (AssumeRoleCredentialFetcher
    /// ._create_cache_key): the SHA-1 of the AssumeRole arguments as sorted JSON (RoleArn, ExternalId, SerialNumber,
    /// DurationSeconds, and RoleSessionName only when the profile sets one), so - as in the AWS CLI - the source
    /// credentials are not part of it. The file is the AssumeRole response (Credentials with Expiration,
    /// AssumedRoleUser). A session with less than 15 minutes left is not used (botocore's window). The folder gets
    /// the module's disk-cache rules (<see cref="CacheDirectory"/>), files are written 0600 then renamed into place.
    /// </summary>
    public sealed class AwsCliSessionCache
    {
        public const string EnableVariable = "CROSSACCTAPI_AWS_CLI_CACHE";
        private static readonly TimeSpan ExpiryWindow = TimeSpan.FromMinutes(15);

        public AwsCliSessionCache(string directory)
        {
            Directory = directory ?? throw new ArgumentNullException(nameof(directory));
        }

        public string Directory { get; }

        /// <summary>~/.aws/cli/cache under the home folder the environment names.</summary>
        public static AwsCliSessionCache ForHome(string home) => new AwsCliSessionCache(Path.Combine(home, ".aws", "cli", "cache"));

        /// <summary>botocore's cache key for one AssumeRole of a profile.</summary>
        public static string Key(AssumeRoleRequest assume)
        {
            var arguments = new SortedDictionary<string, object>(StringComparer.Ordinal) { ["RoleArn"] = assume.RoleArn.Arn };
            if (!assume.HasDefaultSessionName)
            {
                arguments["RoleSessionName"] = assume.RoleSessionName;
            }

            if (assume.ExternalId != null)
            {
                arguments["ExternalId"] = assume.ExternalId;
            }

            if (assume.SerialNumber != null)
            {
                arguments["SerialNumber"] = assume.SerialNumber;
            }

            if (assume.DurationSeconds.HasValue)
            {
                arguments["DurationSeconds"] = assume.DurationSeconds.Value;
            }

            // Python's json.dumps(sort_keys=True): ", " and ": " separators, non-ASCII escaped.
            var text = new StringBuilder("{");
            foreach (var pair in arguments)
            {
                text.Append(text.Length > 1 ? ", " : string.Empty).Append(PythonString(pair.Key)).Append(": ");
                text.Append(pair.Value is int number ? number.ToString(CultureInfo.InvariantCulture) : PythonString((string)pair.Value));
            }

            text.Append('}');
            using (var sha1 = SHA1.Create())
            {
                return BitConverter.ToString(sha1.ComputeHash(Encoding.UTF8.GetBytes(text.ToString()))).Replace("-", string.Empty).ToLowerInvariant();
            }
        }

        /// <summary>The cached session for <paramref name="key"/> if it has more than 15 minutes left.</summary>
        public bool TryRead(string key, DateTimeOffset now, out AssumeRoleResult? result)
        {
            result = null;
            var path = Path.Combine(Directory, key + ".json");
            if (!File.Exists(path))
            {
                return false;
            }

            CacheDirectory.Ensure(Directory, AssumedRoleDiskCache.TrySetUnixMode);
            try
            {
                using (var json = JsonDocument.Parse(File.ReadAllText(path)))
                {
                    var credentials = json.RootElement.GetProperty("Credentials");
                    var expiration = ParseExpiration(credentials.GetProperty("Expiration").GetString()!);
                    if (expiration - now.UtcDateTime < ExpiryWindow)
                    {
                        return false;
                    }

                    string? user(string name) => json.RootElement.TryGetProperty("AssumedRoleUser", out var u) && u.TryGetProperty(name, out var v) ? v.GetString() : null;
                    result = new AssumeRoleResult(
                        new Credentials.CredentialKeys(credentials.GetProperty("AccessKeyId").GetString()!, credentials.GetProperty("SecretAccessKey").GetString()!, credentials.GetProperty("SessionToken").GetString()),
                        expiration,
                        user("Arn") ?? string.Empty,
                        user("AssumedRoleId") ?? string.Empty);
                    return true;
                }
            }
            catch (Exception error) when (error is JsonException || error is KeyNotFoundException || error is FormatException || error is InvalidOperationException || error is IOException || error is UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>Writes a session as the AWS CLI would (owner-only file, atomic rename); false when the folder or file cannot be made private.</summary>
        public bool Write(string key, AssumeRoleResult result)
        {
            CacheDirectory.Ensure(Directory, AssumedRoleDiskCache.TrySetUnixMode);
            var document = new Dictionary<string, object?>
            {
                ["Credentials"] = new Dictionary<string, object?>
                {
                    ["AccessKeyId"] = result.Keys.AccessKeyId,
                    ["SecretAccessKey"] = result.Keys.SecretAccessKey,
                    ["SessionToken"] = result.Keys.SessionToken,
                    ["Expiration"] = result.Expiration.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "UTC",
                },
                ["AssumedRoleUser"] = new Dictionary<string, object?> { ["AssumedRoleId"] = result.AssumedRoleId, ["Arn"] = result.AssumedRoleArn },
            };
            var temporary = Path.Combine(Directory, key + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                }

                if (!AssumedRoleDiskCache.TrySetUnixMode(temporary, 0x180))
                {
                    File.Delete(temporary);
                    return false;
                }

                File.WriteAllText(temporary, JsonSerializer.Serialize(document));
                var path = Path.Combine(Directory, key + ".json");
                if (File.Exists(path))
                {
                    File.Delete(path);
                }

                File.Move(temporary, path);
                return true;
            }
            catch (Exception error) when (error is IOException || error is UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>"2026-01-01T00:00:00UTC" (what the AWS CLI writes), ISO 8601 with Z or an offset otherwise.</summary>
        private static DateTime ParseExpiration(string text)
        {
            var trimmed = text.EndsWith("UTC", StringComparison.Ordinal) ? text.Substring(0, text.Length - 3) + "Z" : text;
            return DateTimeOffset.Parse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime;
        }

        private static string PythonString(string value)
        {
            var text = new StringBuilder("\"");
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': text.Append("\\\""); break;
                    case '\\': text.Append("\\\\"); break;
                    default:
                        if (c < 0x20 || c > 0x7e) { text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); }
                        else { text.Append(c); }
                        break;
                }
            }

            return text.Append('"').ToString();
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Policy.Generator;

namespace CrossAcctApi
{
    /// <summary>Policy documents given as files (-Path): PowerShell paths, wildcards and PSDrives, as Get-Content reads them.</summary>
    internal static class PolicyFiles
    {
        /// <summary>The text of every file the paths name, in order; PolicyFileNotReadable for a path that names none.</summary>
        public static string[] Read(PSCmdlet cmdlet, IEnumerable<string> paths)
        {
            var texts = new List<string>();
            foreach (string path in paths)
            {
                foreach (string file in Resolve(cmdlet, path))
                {
                    try
                    {
                        texts.Add(File.ReadAllText(file));
                    }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                    {
                        throw NotReadable(path, ex.GetType().Name + ": " + ex.Message, FailureKind.InvalidArgument, ex);
                    }
                }
            }

            return texts.ToArray();
        }

        /// <summary>Whether a text is the name of an existing file (to tell a file name given as policy text).</summary>
        public static Func<string, bool> Exists(PSCmdlet cmdlet) => text =>
        {
            try
            {
                return File.Exists(cmdlet.GetUnresolvedProviderPathFromPSPath(text));
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PSInvalidOperationException || ex is ProviderNotFoundException || ex is System.Management.Automation.DriveNotFoundException)
            {
                return false;
            }
        };

        private static IEnumerable<string> Resolve(PSCmdlet cmdlet, string path)
        {
            IReadOnlyCollection<string> resolved;
            ProviderInfo provider;
            try
            {
                resolved = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException)
            {
                throw NotReadable(path, "it does not exist", FailureKind.ObjectNotFound, ex);
            }

            if (provider.Name != "FileSystem")
            {
                throw NotReadable(path, "it is not a file system path (" + provider.Name + ")", FailureKind.InvalidArgument, null);
            }

            foreach (string file in resolved)
            {
                if (Directory.Exists(file))
                {
                    throw NotReadable(path, "it is a folder", FailureKind.InvalidArgument, null);
                }

                yield return file;
            }
        }

        private static CrossAcctApiException NotReadable(string path, string reason, FailureKind kind, Exception? inner) =>
            new CrossAcctApiException(PolicyToolErrors.PolicyFileNotReadable, kind, $"The policy file {PolicyToolErrors.Quote(path)} cannot be read: {reason}.", path, inner)
            {
                RecommendedAction = "Pass the path of an existing policy file with {@Path} (wildcards are allowed), or the policy's JSON text with {@PolicyDocument}.",
            };
    }
}

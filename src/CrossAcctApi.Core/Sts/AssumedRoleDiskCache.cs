using System;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using CrossAcctApi.Core.Runtime;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi.Core.Sts
{
    /// <summary>
    /// The opt-in on-disk cache, like the AWS CLI's ~/.aws/cli/cache: lets a second process reuse a session (and so
    /// skip a new MFA prompt). One JSON file per key, named by the key's SHA-256 so that no role, session name or
    /// external id appears in a file name. The folder must be one only this user controls (<see cref="CacheDirectory"/>:
    /// created 0700, an existing one never changed and refused when shared or a link); each file is 0600, set before
    /// any secret is written, or nothing is written. Expired sessions are deleted at every write, so plaintext secrets
    /// do not pile up. On Windows the files inherit the user profile's ACL (the user, SYSTEM and administrators).
    /// </summary>
    public sealed class AssumedRoleDiskCache
    {
        /// <summary>Overrides the cache folder (default: ~/.crossacctapi/cache).</summary>
        public const string DirectoryVariable = "CROSSACCTAPI_CACHE_DIR";

        private const int FormatVersion = 1;
        private const int OwnerOnlyFile = 0x180; // 0600

        private readonly ISystemClock _clock;

        public AssumedRoleDiskCache(string directory, ISystemClock clock, TimeSpan? freshnessMargin = null)
        {
            if (string.IsNullOrWhiteSpace(directory))
            {
                throw new ArgumentException("A cache directory is required.", nameof(directory));
            }

            Directory = Path.GetFullPath(directory);
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            FreshnessMargin = freshnessMargin ?? AwsCredential.DefaultRefreshWindow;
        }

        public string Directory { get; }

        public TimeSpan FreshnessMargin { get; }

        /// <summary>$env:CROSSACCTAPI_CACHE_DIR, else ~/.crossacctapi/cache.</summary>
        public static string DefaultDirectory(Func<string, string?> environment)
        {
            string? configured = environment(DirectoryVariable);
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return configured!.Trim();
            }

            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(home, ".crossacctapi", "cache");
        }

        public string PathFor(AssumedRoleCacheKey key) => Path.Combine(Directory, key.Hash + ".json");

        /// <summary>
        /// A fresh session from disk; corrupt or stale files are treated as misses (and removed). Throws
        /// <c>CacheDirectoryUnsafe</c> for a folder others control (a planted session would be someone else's identity).
        /// </summary>
        public bool TryRead(AssumedRoleCacheKey key, string? exceptAccessKeyId, out AssumeRoleResult result)
        {
            result = null!;
            string path = PathFor(key);
            if (!CacheDirectory.IsPresent(Directory) || !File.Exists(path))
            {
                return false;
            }

            try
            {
                using (JsonDocument document = JsonDocument.Parse(File.ReadAllText(path)))
                {
                    JsonElement root = document.RootElement;
                    if (root.GetProperty("Version").GetInt32() != FormatVersion)
                    {
                        return false;
                    }

                    var keys = new CredentialKeys(
                        root.GetProperty("AccessKeyId").GetString()!,
                        root.GetProperty("SecretAccessKey").GetString()!,
                        root.GetProperty("SessionToken").GetString());
                    DateTime expiration = DateTime.Parse(root.GetProperty("Expiration").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                    var candidate = new AssumeRoleResult(
                        keys,
                        expiration,
                        root.GetProperty("AssumedRoleArn").GetString()!,
                        root.GetProperty("AssumedRoleId").GetString()!,
                        root.TryGetProperty("SourceIdentity", out JsonElement source) && source.ValueKind == JsonValueKind.String ? source.GetString() : null);

                    if (candidate.Expiration - FreshnessMargin <= _clock.UtcNow.UtcDateTime)
                    {
                        TryDelete(path);
                        return false;
                    }

                    if (string.Equals(candidate.Keys.AccessKeyId, exceptAccessKeyId, StringComparison.Ordinal))
                    {
                        return false;
                    }

                    result = candidate;
                    return true;
                }
            }
            catch (Exception ex) when (ex is JsonException || ex is System.Collections.Generic.KeyNotFoundException || ex is InvalidOperationException || ex is FormatException || ex is CrossAcctApiException || ex is IOException || ex is UnauthorizedAccessException)
            {
                // Half-written by a crashed process, edited by hand, or from another version: not worth failing over.
                TryDelete(path);
                return false;
            }
        }

        /// <summary>
        /// Writes the session (owner-only) and deletes expired ones; returns false, writing nothing, when the file cannot
        /// be protected. Throws <c>CacheDirectoryUnsafe</c> for a folder others control.
        /// </summary>
        public bool Write(AssumedRoleCacheKey key, AssumeRoleResult result)
        {
            CacheDirectory.Ensure(Directory, TrySetUnixMode);
            RemoveExpired();

            string path = PathFor(key);
            string temporary = Path.Combine(Directory, key.Hash + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                // Create empty, restrict, then write: the secret never sits in a file others could read.
                using (new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                }

                if (!TrySetUnixMode(temporary, OwnerOnlyFile))
                {
                    TryDelete(temporary);
                    return false;
                }

                File.WriteAllText(temporary, Serialize(result));
                if (File.Exists(path))
                {
                    File.Delete(path);
                }

                File.Move(temporary, path);
                return true;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                TryDelete(temporary);
                return false;
            }
        }

        public void Remove(AssumedRoleCacheKey key) => TryDelete(PathFor(key));

        /// <summary>Deletes the session files whose session has ended (or that cannot be read as one).</summary>
        private void RemoveExpired()
        {
            var now = _clock.UtcNow.UtcDateTime;
            foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.json"))
            {
                var name = Path.GetFileNameWithoutExtension(file);
                if (name.Length != 64 || !IsLowerHex(name))
                {
                    continue;
                }

                if (!TryReadExpiration(file, out var expiration) || expiration <= now)
                {
                    TryDelete(file);
                }
            }
        }

        private static bool TryReadExpiration(string file, out DateTime expiration)
        {
            expiration = default;
            try
            {
                using (JsonDocument document = JsonDocument.Parse(File.ReadAllText(file)))
                {
                    return document.RootElement.TryGetProperty("Expiration", out var value) && value.ValueKind == JsonValueKind.String
                        && DateTime.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out expiration);
                }
            }
            catch (Exception ex) when (ex is JsonException || ex is IOException || ex is UnauthorizedAccessException)
            {
                return false;
            }
        }

        private static bool IsLowerHex(string text)
        {
            foreach (var c in text)
            {
                if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f'))
                {
                    return false;
                }
            }

            return true;
        }

        private static string Serialize(AssumeRoleResult result)
        {
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("Version", FormatVersion);
                    writer.WriteString("AccessKeyId", result.Keys.AccessKeyId);
                    writer.WriteString("SecretAccessKey", result.Keys.SecretAccessKey);
                    writer.WriteString("SessionToken", result.Keys.SessionToken);
                    writer.WriteString("Expiration", result.Expiration.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                    writer.WriteString("AssumedRoleArn", result.AssumedRoleArn);
                    writer.WriteString("AssumedRoleId", result.AssumedRoleId);
                    if (result.SourceIdentity != null)
                    {
                        writer.WriteString("SourceIdentity", result.SourceIdentity);
                    }

                    writer.WriteEndObject();
                }

                return System.Text.Encoding.UTF8.GetString(stream.ToArray());
            }
        }

        /// <summary>chmod (see <see cref="PosixFiles.TryChmod"/>); true on Windows, where the mode does not apply.</summary>
        internal static bool TrySetUnixMode(string path, int mode) =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || PosixFiles.TryChmod(path, mode);

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace CrossAcctApi.Completion
{
    /// <summary>
    /// The profile names of the shared AWS config and credentials files, where the AWS CLI finds them
    /// (AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials).
    /// Only section headers are read: the reader looks at the first non-blank character of each line and keeps the
    /// line only when it opens a section ('['); every other line (keys, secrets, tokens) is skipped character by
    /// character without ever being put into a string. No AWS SDK is loaded, so completion stays instant.
    /// </summary>
    internal static class SharedConfigProfiles
    {
        public const string ConfigFileVariable = "AWS_CONFIG_FILE";
        public const string CredentialsFileVariable = "AWS_SHARED_CREDENTIALS_FILE";

        // A header longer than this is not a profile anyone types; the rest of that line is skipped.
        private const int MaxHeaderLength = 512;

        /// <summary>Profile name → where it is defined ("config", "credentials" or both), in file order, config first.</summary>
        public static IReadOnlyList<KeyValuePair<string, string>> Read(Func<string, string?> getEnvironmentVariable)
        {
            var found = new List<KeyValuePair<string, string>>();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            void Add(string name, string where)
            {
                if (index.TryGetValue(name, out int at))
                {
                    if (!found[at].Value.Contains(where))
                    {
                        found[at] = new KeyValuePair<string, string>(name, found[at].Value + " and " + where);
                    }
                }
                else
                {
                    index[name] = found.Count;
                    found.Add(new KeyValuePair<string, string>(name, where));
                }
            }

            string? config = FilePath(getEnvironmentVariable, ConfigFileVariable, "config");
            foreach (string header in SectionHeaders(config))
            {
                // In the config file a profile is "[profile name]" or "[default]"; "[sso-session x]", "[services x]"
                // and the like are not profiles.
                if (header == "default")
                {
                    Add("default", "config");
                }
                else if (header.StartsWith("profile ", StringComparison.Ordinal) || header.StartsWith("profile\t", StringComparison.Ordinal))
                {
                    string name = header.Substring("profile".Length).Trim();
                    if (name.Length > 0)
                    {
                        Add(name, "config");
                    }
                }
            }

            string? credentials = FilePath(getEnvironmentVariable, CredentialsFileVariable, "credentials");
            foreach (string header in SectionHeaders(credentials))
            {
                // In the credentials file every section is a profile, named without a prefix.
                Add(header, "credentials");
            }

            return found;
        }

        /// <summary>The file the AWS CLI would read: the variable's path (a leading ~ expanded), else ~/.aws/&lt;name&gt;.</summary>
        internal static string? FilePath(Func<string, string?> getEnvironmentVariable, string variable, string defaultName)
        {
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            string? value = getEnvironmentVariable(variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".aws", defaultName);
            }

            value = value!.Trim();
            if (value == "~" || value.StartsWith("~/", StringComparison.Ordinal) || value.StartsWith("~\\", StringComparison.Ordinal))
            {
                value = Path.Combine(home, value.Substring(Math.Min(2, value.Length)));
            }

            return value;
        }

        /// <summary>The trimmed text between '[' and ']' of each section header line; nothing for a missing or unreadable file.</summary>
        internal static IEnumerable<string> SectionHeaders(string? path)
        {
            if (path is null || !File.Exists(path))
            {
                return Array.Empty<string>();
            }

            try
            {
                using (var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
                {
                    return ReadHeaders(reader);
                }
            }
            catch (Exception error) when (error is IOException || error is UnauthorizedAccessException || error is System.Security.SecurityException)
            {
                // A file that cannot be read offers no names; the cmdlet will say more if it is used.
                return Array.Empty<string>();
            }
        }

        internal static List<string> ReadHeaders(TextReader reader)
        {
            var headers = new List<string>();
            var header = new StringBuilder();
            while (true)
            {
                // At the start of a line: skip indentation, then decide from one character.
                int c = reader.Read();
                while (c == ' ' || c == '\t')
                {
                    c = reader.Read();
                }

                if (c == -1)
                {
                    return headers;
                }

                if (c != '[')
                {
                    if (!SkipLine(reader, c))
                    {
                        return headers;
                    }

                    continue;
                }

                header.Clear();
                bool closed = false;
                while ((c = reader.Read()) != -1 && c != '\n' && c != '\r')
                {
                    if (c == ']')
                    {
                        closed = true;
                        break;
                    }

                    if (header.Length < MaxHeaderLength)
                    {
                        header.Append((char)c);
                    }
                }

                string name = header.ToString().Trim();
                if (closed && name.Length > 0 && header.Length < MaxHeaderLength)
                {
                    headers.Add(name);
                }

                if (c != '\n' && c != '\r' && !SkipLine(reader, c))
                {
                    return headers;
                }
            }
        }

        /// <summary>Reads past the end of the line without keeping anything; false at the end of the file.</summary>
        private static bool SkipLine(TextReader reader, int current)
        {
            int c = current;
            while (c != '\n' && c != '\r')
            {
                c = reader.Read();
                if (c == -1)
                {
                    return false;
                }
            }

            return true;
        }
    }
}

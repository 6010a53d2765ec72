using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace CrossAcctApi.Core.Credentials.Profiles
{
    /// <summary>
    /// The profiles of the shared config and credentials files, named and merged as botocore does: the config file
    /// gives <c>[default]</c> and <c>[profile NAME]</c> (the name split like a shell word, so <c>[profile "a b"]</c> is
    /// profile <c>a b</c> and <c>[profile a b]</c> is no profile at all), <c>[sso-session NAME]</c> and
    /// <c>[services NAME]</c>; every section of the credentials file is a profile by its literal name (so
    /// <c>[profile x]</c> there is a profile called "profile x"), and its settings win over the config file's.
    /// Files are found through AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE (with ~ and $VARIABLES expanded) or
    /// ~/.aws; a missing file is an empty one.
    /// </summary>
    public sealed class SharedConfig
    {
        public const string ConfigFileVariable = "AWS_CONFIG_FILE";
        public const string CredentialsFileVariable = "AWS_SHARED_CREDENTIALS_FILE";

        private SharedConfig(string configPath, string credentialsPath)
        {
            ConfigPath = configPath;
            CredentialsPath = credentialsPath;
        }

        public string ConfigPath { get; }

        public string CredentialsPath { get; }

        /// <summary>Profile name → settings (keys lower-case; a nested block is a value starting with a newline).</summary>
        public Dictionary<string, IReadOnlyDictionary<string, string>> Profiles { get; } = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);

        public Dictionary<string, IReadOnlyDictionary<string, string>> SsoSessions { get; } = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);

        public Dictionary<string, IReadOnlyDictionary<string, string>> Services { get; } = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);

        /// <summary>The credentials file's own profiles (its keys win, and come before credential_process).</summary>
        public Dictionary<string, IReadOnlyDictionary<string, string>> CredentialsProfiles { get; } = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);

        /// <summary>Sections of the config file that botocore does not read as a profile (a deliberate difference is warned about, see <see cref="ProfileResolver"/>).</summary>
        public List<string> IgnoredConfigSections { get; } = new List<string>();

        /// <summary>Reads both files; throws <c>InvalidSharedConfigFile</c> when one cannot be parsed.</summary>
        public static SharedConfig Load(Func<string, string?> environment)
        {
            var config = new SharedConfig(
                PathOf(environment, ConfigFileVariable, "config"),
                PathOf(environment, CredentialsFileVariable, "credentials"));
            foreach (var section in ReadFile(config.ConfigPath, out var document))
            {
                var options = document!.Options(section);
                if (section.StartsWith("profile", StringComparison.Ordinal))
                {
                    config.AddNamed(config.Profiles, section, options);
                }
                else if (section.StartsWith("sso-session", StringComparison.Ordinal))
                {
                    config.AddNamed(config.SsoSessions, section, options);
                }
                else if (section.StartsWith("services", StringComparison.Ordinal))
                {
                    config.AddNamed(config.Services, section, options);
                }
                else if (section == "default")
                {
                    config.Profiles[section] = options;
                }
            }

            foreach (var section in ReadFile(config.CredentialsPath, out var credentials))
            {
                var options = credentials!.Options(section);
                config.CredentialsProfiles[section] = options;
                if (config.Profiles.TryGetValue(section, out var existing))
                {
                    var merged = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var pair in existing)
                    {
                        merged[pair.Key] = pair.Value;
                    }

                    foreach (var pair in options)
                    {
                        merged[pair.Key] = pair.Value;
                    }

                    options = merged;
                }

                config.Profiles[section] = options;
            }

            return config;
        }

        /// <summary>botocore's nested block (<c>sts =</c> then indented <c>key = value</c> lines) as a dictionary, or null for a plain value.</summary>
        public static IReadOnlyDictionary<string, string>? Nested(string? value)
        {
            if (value is null || !value.StartsWith("\n", StringComparison.Ordinal))
            {
                return null;
            }

            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var raw in value.Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                var equals = line.IndexOf('=');
                if (equals < 0)
                {
                    throw new FormatException("the nested line '" + line + "' has no '='");
                }

                result[line.Substring(0, equals).Trim()] = line.Substring(equals + 1).Trim();
            }

            return result;
        }

        /// <summary>Python's shlex.split in POSIX mode (quotes, backslashes); null when the quotes do not close.</summary>
        public static List<string>? ShellWords(string text)
        {
            var words = new List<string>();
            var word = new StringBuilder();
            var inWord = false;
            char quote = '\0';
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quote == '\'')
                {
                    if (c == '\'') { quote = '\0'; } else { word.Append(c); }
                }
                else if (quote == '"')
                {
                    if (c == '"') { quote = '\0'; }
                    else if (c == '\\' && i + 1 < text.Length && (text[i + 1] == '"' || text[i + 1] == '\\')) { word.Append(text[++i]); }
                    else { word.Append(c); }
                }
                else if (char.IsWhiteSpace(c))
                {
                    if (inWord) { words.Add(word.ToString()); word.Clear(); inWord = false; }
                }
                else
                {
                    inWord = true;
                    if (c == '\'' || c == '"') { quote = c; }
                    else if (c == '\\') { if (i + 1 >= text.Length) { return null; } word.Append(text[++i]); }
                    else { word.Append(c); }
                }
            }

            if (quote != '\0')
            {
                return null;
            }

            if (inWord)
            {
                words.Add(word.ToString());
            }

            return words;
        }

        private void AddNamed(Dictionary<string, IReadOnlyDictionary<string, string>> into, string section, IReadOnlyDictionary<string, string> options)
        {
            var words = ShellWords(section);
            if (words != null && words.Count == 2)
            {
                into[words[1]] = options;
            }
            else
            {
                IgnoredConfigSections.Add(section);
            }
        }

        private static IEnumerable<string> ReadFile(string path, out IniDocument? document)
        {
            document = null;
            if (!File.Exists(path))
            {
                return new string[0];
            }

            string text;
            try
            {
                text = File.ReadAllText(path, new UTF8Encoding(false, true));
                document = IniDocument.Parse(text);
            }
            catch (Exception error) when (error is IOException || error is UnauthorizedAccessException || error is FormatException || error is DecoderFallbackException)
            {
                throw ProfileErrors.FileUnreadable(path, error.Message);
            }

            return document.SectionNames;
        }

        private static string PathOf(Func<string, string?> environment, string variable, string defaultName)
        {
            var value = environment(variable);
            if (string.IsNullOrEmpty(value))
            {
                return Path.Combine(HomeDirectory(environment), ".aws", defaultName);
            }

            value = Regex.Replace(value, @"\$(\w+)|\$\{(\w+)\}", m => environment(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value) ?? m.Value);
            if (value == "~" || value.StartsWith("~/", StringComparison.Ordinal) || value.StartsWith("~\\", StringComparison.Ordinal))
            {
                value = HomeDirectory(environment) + value.Substring(1);
            }

            return Path.GetFullPath(value);
        }

        /// <summary>The home folder as Python's expanduser finds it: HOME, else USERPROFILE, else the OS's.</summary>
        public static string HomeDirectory(Func<string, string?> environment)
        {
            var home = environment("HOME");
            if (string.IsNullOrEmpty(home))
            {
                home = environment("USERPROFILE");
            }

            return string.IsNullOrEmpty(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home!;
        }
    }
}

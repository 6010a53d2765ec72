using System;
using System.IO;
using System.Reflection;
using Amazon.Runtime.CredentialManagement;

namespace CrossAcctApi.Sts
{
    /// <summary>
    /// Opens the shared config and credentials files where the AWS CLI would: AWS_CONFIG_FILE and
    /// AWS_SHARED_CREDENTIALS_FILE when set, else ~/.aws/config and ~/.aws/credentials. This AWS SDK build
    /// declares both variables but its parameterless SharedCredentialsFile reads only the defaults, and its
    /// one-argument constructor moves the credentials file only; the config path is therefore set on the instance
    /// (a private setter, reached by reflection) and the files are re-read. The SDK copy is the module's own (see
    /// CrossAcctApi.Isolation), so this touches no other module's AWS SDK, and the version is pinned and tested.
    /// </summary>
    internal static class SharedProfileFiles
    {
        public const string ConfigFileVariable = "AWS_CONFIG_FILE";
        public const string CredentialsFileVariable = "AWS_SHARED_CREDENTIALS_FILE";

        public static SharedCredentialsFile Open()
        {
            string? credentialsPath = PathFromVariable(CredentialsFileVariable);
            string? configPath = PathFromVariable(ConfigFileVariable);
            SharedCredentialsFile file = credentialsPath is null ? new SharedCredentialsFile() : new SharedCredentialsFile(credentialsPath);
            if (configPath != null && !string.Equals(file.ConfigFilePath, configPath, StringComparison.Ordinal))
            {
                MethodInfo? setConfigPath = typeof(SharedCredentialsFile).GetProperty(nameof(SharedCredentialsFile.ConfigFilePath))?.GetSetMethod(nonPublic: true);
                MethodInfo? refresh = typeof(SharedCredentialsFile).GetMethod("Refresh", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, null, Type.EmptyTypes, null);
                if (setConfigPath is null || refresh is null)
                {
                    throw new InvalidOperationException("This AWS SDK build offers no way to read the config file named by " + ConfigFileVariable + ".");
                }

                setConfigPath.Invoke(file, new object[] { configPath });
                refresh.Invoke(file, null);
            }

            return file;
        }

        private static string? PathFromVariable(string name)
        {
            string? value = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            value = value!.Trim();

            // The AWS CLI expands a leading ~ in these variables; so do we.
            if (value == "~" || value.StartsWith("~/", StringComparison.Ordinal) || value.StartsWith("~\\", StringComparison.Ordinal))
            {
                value = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), value.Substring(Math.Min(2, value.Length)));
            }

            return Path.GetFullPath(value);
        }
    }
}

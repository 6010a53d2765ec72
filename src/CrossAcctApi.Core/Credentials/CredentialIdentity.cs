namespace CrossAcctApi.Core.Credentials
{
    /// <summary>
    /// Who a credential stands for, as far as it is known. Immutable: PowerShell can set any public setter (even an
    /// init-only one) through reflection, and a credential that can be relabelled after the fact would mislead.
    /// </summary>
    public sealed class CredentialIdentity
    {
        public static readonly CredentialIdentity Unknown = new CredentialIdentity();

        public CredentialIdentity(
            string? roleArn = null,
            string? assumedRoleArn = null,
            string? assumedRoleId = null,
            string? sessionName = null,
            string? accountId = null)
        {
            var parsed = (Arns.AssumedRoleArn.TryParse(assumedRoleArn, out var session) ? session : null);
            RoleArn = NullIfEmpty(roleArn);
            AssumedRoleArn = NullIfEmpty(assumedRoleArn);
            AssumedRoleId = NullIfEmpty(assumedRoleId);

            // The assumed-role ARN names the session and the account; fill them in when the caller did not.
            SessionName = NullIfEmpty(sessionName) ?? parsed?.SessionName;
            AccountId = NullIfEmpty(accountId) ?? parsed?.AccountId;
        }

        public string? RoleArn { get; }

        public string? AssumedRoleArn { get; }

        public string? AssumedRoleId { get; }

        public string? SessionName { get; }

        public string? AccountId { get; }

        private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }
}

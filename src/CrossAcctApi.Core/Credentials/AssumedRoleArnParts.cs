namespace CrossAcctApi.Core.Credentials
{
    /// <summary>
    /// The parts of an STS assumed-role ARN, <c>arn:{partition}:sts::{account}:assumed-role/{role-name}/{session}</c>,
    /// which is all AssumeRole tells about who the caller became. (The role's path is not in it, so the IAM role ARN
    /// cannot be rebuilt from it reliably; we do not try.)
    /// </summary>
    internal sealed class AssumedRoleArnParts
    {
        private AssumedRoleArnParts(string partition, string accountId, string roleName, string sessionName)
        {
            Partition = partition;
            AccountId = accountId;
            RoleName = roleName;
            SessionName = sessionName;
        }

        public string Partition { get; }

        public string AccountId { get; }

        public string RoleName { get; }

        public string SessionName { get; }

        public static AssumedRoleArnParts? TryParse(string? arn)
        {
            if (string.IsNullOrEmpty(arn))
            {
                return null;
            }

            // arn : partition : sts : (empty region) : account : assumed-role/name/session
            var parts = arn!.Split(new[] { ':' }, 6);
            if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "sts" || parts[1].Length == 0 || !IsAccountId(parts[4]))
            {
                return null;
            }

            var resource = parts[5].Split('/');
            if (resource.Length != 3 || resource[0] != "assumed-role" || resource[1].Length == 0 || resource[2].Length == 0)
            {
                return null;
            }

            return new AssumedRoleArnParts(parts[1], parts[4], resource[1], resource[2]);
        }

        private static bool IsAccountId(string value)
        {
            if (value.Length != 12)
            {
                return false;
            }

            foreach (var c in value)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return true;
        }
    }
}

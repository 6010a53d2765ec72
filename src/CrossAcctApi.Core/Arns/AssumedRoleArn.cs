using System;

namespace CrossAcctApi.Core.Arns
{
    /// <summary>
    /// The ARN of a role session as STS reports it (GetCallerIdentity, AssumeRole's AssumedRoleUser):
    /// <c>arn:&lt;partition&gt;:sts::&lt;account&gt;:assumed-role/&lt;role-name&gt;/&lt;session-name&gt;</c>.
    /// Session ARNs never carry the role's path.
    /// </summary>
    public sealed class AssumedRoleArn : IEquatable<AssumedRoleArn>
    {
        internal const string Shape = "arn:<partition>:sts::<12-digit account>:assumed-role/<role-name>/<session-name>";

        private AssumedRoleArn(string partition, string accountId, string roleName, string sessionName)
        {
            Partition = partition;
            AccountId = accountId;
            RoleName = roleName;
            SessionName = sessionName;
            Arn = $"arn:{partition}:sts::{accountId}:assumed-role/{roleName}/{sessionName}";
            RoleArn = RoleArn.Parse($"arn:{partition}:iam::{accountId}:role/{roleName}");
        }

        /// <summary>Builds a session ARN from its parts (validated like <see cref="Parse"/>).</summary>
        public static AssumedRoleArn Create(string partition, string accountId, string roleName, string sessionName) =>
            Parse($"arn:{partition}:sts::{accountId}:assumed-role/{roleName}/{sessionName}");

        public string Partition { get; }

        public string AccountId { get; }

        public string RoleName { get; }

        public string SessionName { get; }

        /// <summary>The full session ARN text.</summary>
        public string Arn { get; }

        /// <summary>The IAM ARN of the role, without its path (the session ARN does not carry it).</summary>
        public RoleArn RoleArn { get; }

        public static AssumedRoleArn Parse(string text)
        {
            if (TryParseCore(text, out AssumedRoleArn? session, out string problem))
            {
                return session!;
            }

            throw ArnErrors.Create(ArnErrors.InvalidAssumedRoleArn, text, problem, Shape);
        }

        public static bool TryParse(string? text, out AssumedRoleArn? session) => TryParseCore(text, out session, out _);

        private static bool TryParseCore(string? text, out AssumedRoleArn? session, out string problem)
        {
            session = null;
            if (!Arns.Arn.TryParseCore(text, out Arn? arn, out problem))
            {
                return false;
            }

            if (arn!.Service != "sts")
            {
                problem = $"the service is '{arn.Service}'; a role session ARN has service 'sts'";
                return false;
            }

            if (arn.Region.Length != 0)
            {
                problem = "STS session ARNs have no region (expected '::' after 'sts')";
                return false;
            }

            if (!Arns.Arn.IsAccountId(arn.AccountId))
            {
                problem = $"the account id '{arn.AccountId}' must be exactly 12 digits";
                return false;
            }

            string[] parts = arn.Resource.Split('/');
            if (parts.Length != 3 || parts[0] != "assumed-role")
            {
                problem = "the resource must be 'assumed-role/<role-name>/<session-name>'";
                return false;
            }

            string? found = IamNames.RoleNameProblem(parts[1]) ?? IamNames.SessionNameProblem(parts[2]);
            if (found != null)
            {
                problem = found;
                return false;
            }

            session = new AssumedRoleArn(arn.Partition, arn.AccountId, parts[1], parts[2]);
            return true;
        }

        public override string ToString() => Arn;

        public bool Equals(AssumedRoleArn? other) => other != null && string.Equals(Arn, other.Arn, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as AssumedRoleArn);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Arn);
    }
}

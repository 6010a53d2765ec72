using System;

namespace CrossAcctApi.Core.Arns
{
    /// <summary>An IAM role ARN: <c>arn:&lt;partition&gt;:iam::&lt;account&gt;:role/&lt;path/&gt;name</c>.</summary>
    public sealed class RoleArn : IEquatable<RoleArn>
    {
        internal const string Shape = "arn:<partition>:iam::<12-digit account>:role/[<path>/]<role-name>";

        public RoleArn(string partition, string accountId, string path, string roleName)
        {
            string candidate = Format(partition, accountId, string.IsNullOrEmpty(path) ? "/" : path, roleName);
            RoleArn parsed = Parse(candidate);
            Partition = parsed.Partition;
            AccountId = parsed.AccountId;
            Path = parsed.Path;
            RoleName = parsed.RoleName;
            Arn = parsed.Arn;
        }

        private RoleArn(string partition, string accountId, string path, string roleName, bool validated)
        {
            _ = validated;
            Partition = partition;
            AccountId = accountId;
            Path = path;
            RoleName = roleName;
            Arn = Format(partition, accountId, path, roleName);
        }

        public string Partition { get; }

        public string AccountId { get; }

        /// <summary>The role's path, "/" when it has none; always starts and ends with '/'.</summary>
        public string Path { get; }

        public string RoleName { get; }

        /// <summary>The full ARN text.</summary>
        public string Arn { get; }

        public static RoleArn Parse(string text)
        {
            if (TryParseCore(text, out RoleArn? role, out string problem))
            {
                return role!;
            }

            throw ArnErrors.Create(ArnErrors.InvalidRoleArn, text, problem, Shape);
        }

        public static bool TryParse(string? text, out RoleArn? role) => TryParseCore(text, out role, out _);

        private static bool TryParseCore(string? text, out RoleArn? role, out string problem)
        {
            role = null;
            if (!Arns.Arn.TryParseCore(text, out Arn? arn, out problem))
            {
                return false;
            }

            if (arn!.Service != "iam")
            {
                problem = $"the service is '{arn.Service}'; a role ARN has service 'iam'";
                return false;
            }

            if (arn.Region.Length != 0)
            {
                problem = "IAM ARNs have no region (expected '::' after 'iam')";
                return false;
            }

            if (!Arns.Arn.IsAccountId(arn.AccountId))
            {
                problem = $"the account id '{arn.AccountId}' must be exactly 12 digits";
                return false;
            }

            if (!arn.Resource.StartsWith("role/", StringComparison.Ordinal))
            {
                problem = "the resource must start with 'role/'";
                return false;
            }

            string pathAndName = arn.Resource.Substring("role".Length);
            int lastSlash = pathAndName.LastIndexOf('/');
            string path = pathAndName.Substring(0, lastSlash + 1);
            string name = pathAndName.Substring(lastSlash + 1);
            string? found = IamNames.PathProblem(path) ?? IamNames.RoleNameProblem(name);
            if (found != null)
            {
                problem = found;
                return false;
            }

            role = new RoleArn(arn.Partition, arn.AccountId, path, name, validated: true);
            return true;
        }

        private static string Format(string partition, string accountId, string path, string roleName) =>
            $"arn:{partition}:iam::{accountId}:role{path}{roleName}";

        /// <summary>The generic ARN view.</summary>
        public Arn ToArn() => Arns.Arn.Parse(Arn);

        public override string ToString() => Arn;

        public bool Equals(RoleArn? other) => other != null && string.Equals(Arn, other.Arn, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as RoleArn);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Arn);
    }
}

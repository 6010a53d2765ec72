using System.Text.RegularExpressions;

namespace CrossAcctApi.Core.Arns
{
    /// <summary>IAM's character rules for role names, session names and paths (ASCII only, as IAM means by \w).</summary>
    internal static class IamNames
    {
        public const int MaxRoleNameLength = 64;
        public const int MaxPathLength = 512;

        private static readonly Regex RoleName = new Regex(@"^[A-Za-z0-9_+=,.@-]{1,64}$", RegexOptions.CultureInvariant);
        private static readonly Regex SessionName = new Regex(@"^[A-Za-z0-9_+=,.@-]{2,64}$", RegexOptions.CultureInvariant);

        // IAM: either "/" or "/" + printable ASCII (0x21-0x7E) + "/", at most 512 characters.
        private static readonly Regex PathPattern = new Regex(@"^(/|/[\u0021-\u007E]+/)$", RegexOptions.CultureInvariant);

        public static string? RoleNameProblem(string name)
        {
            if (name.Length == 0)
            {
                return "the role name is empty";
            }

            if (name.Length > MaxRoleNameLength)
            {
                return $"the role name is {name.Length} characters long; the maximum is {MaxRoleNameLength}";
            }

            return RoleName.IsMatch(name) ? null : $"the role name '{name}' may contain only letters, digits and _+=,.@-";
        }

        public static string? SessionNameProblem(string name)
        {
            if (name.Length < 2 || name.Length > 64)
            {
                return $"the session name must be 2 to 64 characters long (it is {name.Length})";
            }

            return SessionName.IsMatch(name) ? null : $"the session name '{name}' may contain only letters, digits and _+=,.@-";
        }

        public static string? PathProblem(string path)
        {
            if (path.Length > MaxPathLength)
            {
                return $"the path is {path.Length} characters long; the maximum is {MaxPathLength}";
            }

            if (path.Contains("//"))
            {
                return $"the path '{path}' contains an empty segment";
            }

            return PathPattern.IsMatch(path) ? null : $"the path '{path}' must start and end with '/' and contain printable ASCII only";
        }
    }
}

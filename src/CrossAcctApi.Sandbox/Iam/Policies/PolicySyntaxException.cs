namespace CrossAcctApi.Sandbox.Iam.Policies;

/// <summary>
/// A policy IAM would refuse. The message starts with IAM's own MalformedPolicyDocument wording where it is known
/// (quoted from real answers in public issue threads: "Syntax errors in policy.", "Has prohibited field Resource",
/// "Missing required field Principal", "Policy statement must contain actions.", "Policy statement must contain
/// resources.", "Resource ... must be in ARN format or \"*\".", "Actions/Condition can contain only one colon.",
/// "Invalid principal in policy", "The policy failed legacy parsing") and adds where in the document it is.
/// </summary>
internal sealed class PolicySyntaxException : Exception
{
    public const string SyntaxErrors = "Syntax errors in policy.";

    public PolicySyntaxException(string iamMessage, string where)
        : base($"{iamMessage} ({where})")
    {
    }

    public PolicySyntaxException(string iamMessage, string where, Exception inner)
        : base($"{iamMessage} ({where})", inner)
    {
    }
}

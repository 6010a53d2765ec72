namespace CrossAcctApi.Sandbox.Iam.Arns;

/// <summary>
/// The six colon-separated parts of an ARN: <c>arn:partition:service:region:account:resource</c>. The resource
/// part is everything after the fifth colon, colons included (AWS's "IAM ARNs" format).
/// </summary>
internal readonly record struct ArnText(string Partition, string Service, string Region, string Account, string Resource)
{
    public const int PartCount = 6;

    /// <summary>Splits an ARN into its parts; false when the text does not start with <c>arn:</c> or has fewer than six parts.</summary>
    public static bool TryParse(string? text, out ArnText arn)
    {
        arn = default;
        if (text == null || !text.StartsWith("arn:", StringComparison.Ordinal)) return false;
        var parts = text.Split(':', PartCount);
        if (parts.Length < PartCount) return false;
        arn = new ArnText(parts[1], parts[2], parts[3], parts[4], parts[5]);
        return true;
    }

    /// <summary>True for exactly twelve ASCII digits, the only form of an AWS account id.</summary>
    public static bool IsAccountId(string? text)
    {
        if (text == null || text.Length != 12) return false;
        foreach (var c in text)
        {
            if (c < '0' || c > '9') return false;
        }

        return true;
    }

    public override string ToString() => $"arn:{Partition}:{Service}:{Region}:{Account}:{Resource}";
}

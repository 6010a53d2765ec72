namespace CrossAcctApi.Sandbox.Authorization;

/// <summary>
/// Where a request came from, as IAM's network condition keys tell it (IAM User Guide, global condition context keys):
/// from the internet, <c>aws:SourceIp</c>; through an interface VPC endpoint, <c>aws:SourceVpce</c>,
/// <c>aws:SourceVpc</c> and <c>aws:VpcSourceIp</c> instead, and no <c>aws:SourceIp</c>.
/// </summary>
internal sealed record RequestOrigin(string? SourceIp, string? VpcEndpointId = null, string? VpcId = null)
{
    public bool ThroughVpcEndpoint => VpcEndpointId != null;

    /// <summary>The public source address, or null when the request came through a VPC endpoint.</summary>
    public string? PublicSourceIp => ThroughVpcEndpoint ? null : SourceIp;

    /// <summary>The network keys (other than aws:SourceIp) with the request's other keys.</summary>
    public Dictionary<string, string[]> Keys(IReadOnlyDictionary<string, string[]>? more = null)
    {
        var keys = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        if (ThroughVpcEndpoint)
        {
            keys["aws:SourceVpce"] = new[] { VpcEndpointId! };
            if (VpcId != null) keys["aws:SourceVpc"] = new[] { VpcId };
            if (SourceIp != null) keys["aws:VpcSourceIp"] = new[] { SourceIp };
        }

        if (more != null)
        {
            foreach (var (key, values) in more) keys[key] = values;
        }

        return keys;
    }
}

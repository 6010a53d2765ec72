using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrossAcctApi.Sandbox.Scenario;

/// <summary>
/// How the sandbox reads JSON it is given (scenario files, fault requests): camelCase, comments and trailing
/// commas allowed, and an unknown property refused, since a misspelt one would otherwise be dropped silently
/// and the input would mean something else.
/// </summary>
internal static class StrictJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}

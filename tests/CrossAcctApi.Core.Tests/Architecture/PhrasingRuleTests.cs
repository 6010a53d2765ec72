using CrossAcctApi.Core.Credentials;
using Xunit;

namespace CrossAcctApi.Core.Tests.Architecture;

/// <summary>
/// "Core never names a cmdlet or a parameter in its messages; the cmdlet layer phrases them": checked on every string
/// the compiled engine holds. An input is written as a marker (<c>{@Region}</c>), which each front end renders in its
/// own words (<see cref="Phrasing"/>). Pester (Conventions.Tests.ps1) checks that each marker names a real parameter.
/// </summary>
public sealed class PhrasingRuleTests
{
    private static readonly string CorePath = typeof(AwsCredential).Assembly.Location;

    [Fact]
    public void Core_texts_name_no_parameter_and_no_cmdlet()
    {
        var offending = UserStrings.Offending(UserStrings.Of(CorePath), UserStrings.ExportedCmdlets());
        Assert.True(offending.Count == 0,
            offending.Count + " text(s) of CrossAcctApi.Core name a parameter or a cmdlet; write inputs as {@Name} markers and let the front end name commands:"
            + Environment.NewLine + string.Join(Environment.NewLine, offending));
    }

    [Fact]
    public void Core_markers_are_well_formed()
    {
        // "{@" that Phrasing.Render would leave as it is: a marker with a typo in its syntax ("{@Region", "{@Stage name}").
        // ("{@" alone is Phrasing's own opener.)
        var broken = UserStrings.Of(CorePath)
            .Where(text => text != "{@" && text.Split("{@").Length - 1 != UserStrings.Marker.Matches(text).Count)
            .ToList();
        Assert.True(broken.Count == 0, "Malformed markers in CrossAcctApi.Core:" + Environment.NewLine + string.Join(Environment.NewLine, broken));
        Assert.Contains(UserStrings.Of(CorePath), text => UserStrings.Marker.IsMatch(text));
    }

    [Fact]
    public void The_scan_finds_planted_parameter_and_cmdlet_names_and_nothing_else()
    {
        // The scan must be able to fail: this test assembly's PlantedTexts hold both kinds, beside look-alikes it must pass.
        var planted = UserStrings.Of(typeof(PlantedTexts).Assembly.Location).Where(t => t.StartsWith(PlantedTexts.Prefix, StringComparison.Ordinal) && t != PlantedTexts.Prefix).ToList();
        var offending = UserStrings.Offending(planted, UserStrings.ExportedCmdlets());

        Assert.Equal(4, planted.Count);
        Assert.Equal(2, offending.Count);
        Assert.Contains(offending, o => o.StartsWith("-Region in ", StringComparison.Ordinal));
        Assert.Contains(offending, o => o.StartsWith("Get-AssumedRoleCredential in ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_cmdlet_list_comes_from_the_manifest() =>
        Assert.Contains("Invoke-SignedHttpApi", UserStrings.ExportedCmdlets());
}

/// <summary>Texts the scan must flag (the first two) and must not (markers, hyphenated words, header names, negative numbers).</summary>
internal static class PlantedTexts
{
    public const string Prefix = "planted: ";

    public static readonly string[] All =
    {
        "planted: Pass -Region with the API's region.",
        "planted: Run Get-AssumedRoleCredential again.",
        "planted: Pass {@Region}; ConvertFrom-Json output; X-Amz-Date; Content-Type; -1 day.",
        "planted: an assume-role call, x-amzn-ErrorType, us-east-1.",
    };
}

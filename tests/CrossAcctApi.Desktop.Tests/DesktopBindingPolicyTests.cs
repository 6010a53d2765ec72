using CrossAcctApi.Isolation.Desktop;

namespace CrossAcctApi.Desktop.Tests;

/// <summary>The resolver's one rule, which the static check relies on: what it answers, and what it refuses.</summary>
public sealed class DesktopBindingPolicyTests
{
    private const string Microsoft = "cc7b13ffcd2ddd51";
    private const string Aws = "885c28607f98e604";

    private static readonly DesktopBindingPolicy Policy = new(new[]
    {
        new ShippedAssembly("System.Text.Json", new Version(8, 0, 0, 0), Microsoft, null, "/m/System.Text.Json.dll"),
        new ShippedAssembly("AWSSDK.Core", new Version(4, 0, 0, 0), Aws, null, "/m/Dependencies/AWSSDK.Core.dll"),
        new ShippedAssembly("CrossAcctApi.Core", new Version(0, 1, 0, 0), string.Empty, null, "/m/CrossAcctApi.Core.dll"),
    });

    [Theory]
    [InlineData("System.Text.Json", "8.0.0.0", Microsoft, "/m/System.Text.Json.dll")]
    [InlineData("System.Text.Json", "6.0.0.0", Microsoft, "/m/System.Text.Json.dll")]
    [InlineData("System.Text.Json", "9.0.0.0", Microsoft, null)]
    [InlineData("System.Text.Json", "6.0.0.0", Aws, null)]
    [InlineData("AWSSDK.Core", "4.0.0.0", Aws, "/m/Dependencies/AWSSDK.Core.dll")]
    [InlineData("AWSSDK.Core", "3.3.0.0", Aws, null)]
    [InlineData("CrossAcctApi.Core", "0.0.0.0", "", "/m/CrossAcctApi.Core.dll")]
    [InlineData("Newtonsoft.Json", "13.0.0.0", "30ad4fe6b2a6aeed", null)]
    public void Answers_only_with_its_own_files_by_the_version_rule(string name, string version, string token, string? answer)
    {
        DesktopBinding binding = Policy.Resolve(new ShippedAssembly(name, Version.Parse(version), token, null));
        Assert.Equal(answer, binding.File?.Path);
        Assert.False(string.IsNullOrEmpty(binding.Reason));
    }
}

using CrossAcctApi.Core.Tests.Architecture;

namespace CrossAcctApi.Sts.Tests;

/// <summary>The STS adapter's texts follow the engine's rule: inputs as {@Name} markers, no parameter or cmdlet named.</summary>
public sealed class PhrasingRuleTests
{
    [Fact]
    public void Sts_texts_name_no_parameter_and_no_cmdlet()
    {
        var texts = UserStrings.Of(typeof(AwsSdkStsServices).Assembly.Location);
        var offending = UserStrings.Offending(texts, UserStrings.ExportedCmdlets());
        Assert.True(offending.Count == 0,
            offending.Count + " text(s) of CrossAcctApi.Sts name a parameter or a cmdlet:" + Environment.NewLine + string.Join(Environment.NewLine, offending));
        Assert.Contains(texts, text => UserStrings.Marker.IsMatch(text));
    }
}

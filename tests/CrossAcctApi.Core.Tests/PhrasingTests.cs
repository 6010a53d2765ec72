using Xunit;

namespace CrossAcctApi.Core.Tests;

/// <summary>How the engine's input markers read: in a front end's words, or neutral ones that still make a sentence.</summary>
public sealed class PhrasingTests
{
    [Theory]
    [InlineData("Pass {@Region}.", "Pass the Region setting.")]
    [InlineData("{@InFile} 'a.txt' cannot be read.", "The InFile setting 'a.txt' cannot be read.")]
    [InlineData("Read it. {@Stage} is not a stage.", "Read it. The Stage setting is not a stage.")]
    [InlineData("Bad value: {@Stage} is not a stage.", "Bad value: the Stage setting is not a stage.")]
    [InlineData("No stage was given ({@Stage})", "No stage was given (the Stage setting)")]
    [InlineData("Get fresh credentials (for example from {@AssumeRoleCommand}).", "Get fresh credentials (for example from an assume-role call).")]
    [InlineData("user text {@not a marker} and {@", "user text {@not a marker} and {@")]
    public void Neutral_words_make_a_sentence(string template, string expected) =>
        Assert.Equal(expected, Phrasing.Render(template, null));

    [Fact]
    public void A_front_end_names_inputs_and_commands_its_own_way()
    {
        Assert.Equal("Pass -ApiId (and -Region), or use Get-AssumedRoleCredential.",
            Phrasing.Render("Pass {@ApiId} (and {@Region}), or use {@AssumeRoleCommand}.", new DashPhrasing()));
        Assert.Equal(new[] { "-Stage", "no marker" }, Phrasing.RenderAll(new[] { "{@Stage}", "no marker" }, new DashPhrasing()));
    }

    [Fact]
    public void Command_markers_end_in_Command()
    {
        Assert.True(Phrasing.IsCommand(Phrasing.AssumeRoleCommand));
        Assert.False(Phrasing.IsCommand("Region"));
        Assert.Equal("The Export command", Phrasing.Render("{@ExportCommand}", null));
    }

    [Fact]
    public void An_error_renders_with_the_phrasing_it_was_given_and_keeps_its_templates()
    {
        var error = new CrossAcctApiException("X", FailureKind.InvalidArgument, "{@Region} is wrong.") { RecommendedAction = "Pass {@Region}." };

        Assert.Equal("The Region setting is wrong.", error.Message);
        error.UsePhrasing(new DashPhrasing());
        Assert.Equal("-Region is wrong.", error.Message);
        Assert.Equal("Pass -Region.", error.RecommendedAction);
        Assert.Equal("{@Region} is wrong.", error.MessageTemplate);
        Assert.Equal("Pass {@Region}.", error.RecommendedActionTemplate);
    }
}

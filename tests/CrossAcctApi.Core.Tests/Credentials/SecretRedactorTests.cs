using CrossAcctApi.Core.Credentials;
using Xunit;

namespace CrossAcctApi.Core.Tests.Credentials;

public class SecretRedactorTests
{
    [Fact]
    public void Replaces_raw_and_percent_encoded_forms()
    {
        var redactor = new SecretRedactor(Secrets.SessionToken);
        var encoded = Uri.EscapeDataString(Secrets.SessionToken);

        var lowerEscapes = System.Text.RegularExpressions.Regex.Replace(encoded, "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant());
        Assert.NotEqual(encoded, lowerEscapes);

        var text = redactor.Redact("x-amz-security-token:" + Secrets.SessionToken + "\nX-Amz-Security-Token=" + encoded + "&lower=" + lowerEscapes);

        Assert.Equal("x-amz-security-token:(redacted)\nX-Amz-Security-Token=(redacted)&lower=(redacted)", text);
    }

    [Fact]
    public void Several_secrets_and_repeated_occurrences()
    {
        var signature = new string('a', 64);
        var redactor = new SecretRedactor(Secrets.SessionToken, signature, null);

        var text = redactor.Redact("Signature=" + signature + " and again " + signature + " " + Secrets.SessionToken);

        Assert.Equal("Signature=(redacted) and again (redacted) (redacted)", text);
    }

    [Fact]
    public void Short_values_are_not_treated_as_secrets()
    {
        var redactor = new SecretRedactor("abc");

        Assert.Equal("abc def", redactor.Redact("abc def"));
        Assert.Equal(string.Empty, SecretRedactor.None.Redact(null));
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("xy")]
    [InlineData("request: ")]
    public void Base64_of_a_text_holding_the_secret_is_redacted_at_every_alignment(string prefix)
    {
        var redactor = new SecretRedactor(Secrets.SessionToken);
        var echoed = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(prefix + "X-Amz-Security-Token: " + Secrets.SessionToken + " end"));

        var text = redactor.Redact("echo=" + echoed);

        Assert.Contains("(redacted)", text);
        var middle = Secrets.SessionToken.Substring(4, Secrets.SessionToken.Length - 8);
        foreach (var shift in new[] { 0, 1, 2 })
        {
            var aligned = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(new string('.', shift) + middle));
            Assert.DoesNotContain(aligned.Substring(8, 16), text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n    ")]
    [InlineData(" ")]
    public void A_secret_wrapped_across_lines_is_redacted_with_its_breaks(string escapedBreak)
    {
        var lineBreak = System.Text.RegularExpressions.Regex.Unescape(escapedBreak);
        var token = Secrets.SessionToken;
        var redactor = new SecretRedactor(token);
        var wrapped = token.Substring(0, 20) + lineBreak + token.Substring(20, 20) + lineBreak + token.Substring(40);

        var text = redactor.Redact("token was " + wrapped + " and more words");

        Assert.Equal("token was (redacted) and more words", text);
    }

    [Fact]
    public void Text_without_a_secret_keeps_its_whitespace()
    {
        var redactor = new SecretRedactor(Secrets.SessionToken);

        Assert.Equal("a  b\n\tc", redactor.Redact("a  b\n\tc"));
    }
}

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
}

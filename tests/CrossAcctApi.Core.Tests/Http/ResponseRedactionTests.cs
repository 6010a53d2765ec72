using System.Text;
using CrossAcctApi.Core.Http;
using Xunit;

namespace CrossAcctApi.Core.Tests.Http;

/// <summary>What an error answer that echoes the request keeps of the caller's secrets: nothing.</summary>
public class ResponseRedactionTests
{
    private const string Signature = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
    private const string Token = "IQoJb3JpZ2luX2VjEXAMPLE/token+value==";

    [Fact]
    public void An_echoed_authorization_header_loses_its_signature_and_the_token()
    {
        var echo = "{\"headers\":{\"authorization\":\"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature="
            + Signature + "\",\"x-amz-security-token\":\"" + Token + "\"}}";

        var text = Encoding.UTF8.GetString(ResponseRedaction.Redact(Encoding.UTF8.GetBytes(echo), Token, Signature));

        Assert.DoesNotContain(Signature, text);
        Assert.DoesNotContain(Token, text);
        Assert.Contains("Credential=AKIDEXAMPLE/20150830", text);
    }

    [Fact]
    public void A_plain_text_answer_loses_the_signature_even_without_a_token()
    {
        var echo = "Bad request: Signature=" + Signature;

        var text = Encoding.UTF8.GetString(ResponseRedaction.Redact(Encoding.UTF8.GetBytes(echo), sessionToken: null, Signature));

        Assert.Equal("Bad request: Signature=(redacted)", text);
    }

    [Fact]
    public void An_answer_without_secrets_is_the_same_bytes()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"message\":\"Forbidden\"}");

        Assert.Same(bytes, ResponseRedaction.Redact(bytes, Token, Signature));
    }
}

using System.Reflection;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Signing;
using Xunit;
using static CrossAcctApi.Core.Tests.Signing.SigningTestData;

namespace CrossAcctApi.Core.Tests.Signing;

/// <summary>The secret, the derived key, the signature and the session token never show up in text the core makes.</summary>
public sealed class SecretRedactionTests
{
    private static void AssertNoSecrets(string text, SignedRequest? signed = null, bool tokenAllowed = false)
    {
        Assert.DoesNotContain(Secret, text);
        Assert.DoesNotContain(Uri.EscapeDataString(Secret), text);
        if (!tokenAllowed)
        {
            Assert.DoesNotContain(Token, text);
            Assert.DoesNotContain(Uri.EscapeDataString(Token), text);
        }

        if (signed != null)
        {
            Assert.DoesNotContain(signed.Signature, text);
            var key = new SigningKeyCache().Get(Keys(), AmzDate.For(Time), signed.Region, signed.Service).CopyKeyForTests();
            Assert.DoesNotContain(Convert.ToHexStringLower(key), text);
            Assert.DoesNotContain(Convert.ToBase64String(key), text);
        }
    }

    [Fact]
    public void CredentialKeys_prints_a_shortened_key_id_only()
    {
        var keys = new CredentialKeys("ASIAEXAMPLEKEYIDXMPL", Secret, Token);
        Assert.Equal("ASIA\u2026XMPL (secret redacted, session token redacted)", keys.ToString());
        Assert.Equal("AKIA\u2026XMPL (secret redacted)", new CredentialKeys("AKIAEXAMPLEKEYIDXMPL", Secret).ToString());
        AssertNoSecrets(keys.ToString());
    }

    [Fact]
    public void CredentialKeys_exposes_neither_secret_nor_token_publicly()
    {
        var keys = new CredentialKeys(AccessKeyId, Secret, Token);
        foreach (var property in typeof(CredentialKeys).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var value = property.GetValue(keys)?.ToString() ?? string.Empty;
            AssertNoSecrets(value);
        }
    }

    [Theory]
    [InlineData(SignatureLocation.Header)]
    [InlineData(SignatureLocation.QueryString)]
    public void SignedRequest_ToString_redacts_signature_and_token(SignatureLocation location)
    {
        var signed = Sign(HttpRequestToSign.FromUri("GET", new Uri("https://" + Host + "/prod?x=1")), ExecuteApi(location));
        var text = signed.ToString();
        AssertNoSecrets(text, signed);
        Assert.StartsWith("GET https://" + Host + "/prod?x=1", text);
        Assert.Contains("(SignedHeaders=host", text);
        if (location == SignatureLocation.QueryString)
        {
            Assert.Contains("X-Amz-Signature=(redacted)", text);
            Assert.Contains("X-Amz-Security-Token=(redacted)", text);
        }
    }

    [Theory]
    [InlineData(SignatureLocation.Header)]
    [InlineData(SignatureLocation.QueryString)]
    public void SigningOutput_ToString_redacts_signature_and_token(SignatureLocation location)
    {
        var output = new SigV4Signer().Sign(Get(), Keys(), ExecuteApi(location), Time, explain: true);
        var text = output.ToString();
        AssertNoSecrets(text);
        Assert.DoesNotContain(output.Signature, text);
        Assert.Contains("(SignedHeaders=" + output.SignedHeaders + ")", text);
        Assert.Contains("signature (redacted), session token (redacted)", text);
        Assert.Equal("(no signature)", default(SigningOutput).ToString());
    }

    [Theory]
    [InlineData(SignatureLocation.Header)]
    [InlineData(SignatureLocation.QueryString)]
    public void SigningOutput_exposes_neither_signature_nor_token_publicly(SignatureLocation location)
    {
        var output = new SigV4Signer().Sign(Get(), Keys(), ExecuteApi(location), Time, explain: true);
        var properties = typeof(SigningOutput).GetProperties(BindingFlags.Public | BindingFlags.Instance);
        Assert.Contains(properties, p => p.Name == nameof(SigningOutput.CanonicalRequest));
        foreach (var property in properties)
        {
            var value = property.GetValue(output)?.ToString() ?? string.Empty;
            AssertNoSecrets(value);
            Assert.DoesNotContain(output.Signature, value);
        }

        // The values to send do carry them, internally.
        Assert.EndsWith(output.Signature, output.Authorization ?? output.PresignedQuery);
    }

    [Theory]
    [InlineData(SignatureLocation.Header)]
    [InlineData(SignatureLocation.QueryString)]
    public void Canonical_request_text_hides_the_token_unless_asked_for_exactly(SignatureLocation location)
    {
        var signed = Sign(Get(), ExecuteApi(location));
        AssertNoSecrets(signed.CanonicalRequest.ToString(), signed);
        Assert.Contains("(redacted)", signed.CanonicalRequest.ToString());
        Assert.Contains(location == SignatureLocation.Header ? Token : Uri.EscapeDataString(Token), signed.CanonicalRequest.ToExactString());
        AssertNoSecrets(signed.StringToSign.ToString(), signed);
    }

    [Fact]
    public void Keys_caches_and_settings_print_no_secret()
    {
        var cache = new SigningKeyCache();
        var key = cache.Get(Keys(), AmzDate.For(Time), "us-east-1", "execute-api");
        var signed = Sign(Get());
        AssertNoSecrets(key.ToString(), signed);
        AssertNoSecrets(cache.ToString(), signed);
        AssertNoSecrets(ExecuteApi().ToString());
        AssertNoSecrets(Get().ToString());
    }

    [Fact]
    public void Error_messages_never_quote_a_secret_token_or_header_value()
    {
        var errors = new List<Exception>
        {
            Assert.ThrowsAny<Exception>(() => new CredentialKeys(AccessKeyId, Secret + "\n")),
            Assert.ThrowsAny<Exception>(() => new CredentialKeys(AccessKeyId, Secret, Token + "\r\n")),
            Assert.ThrowsAny<Exception>(() => new CredentialKeys("AKID " + Secret, Secret)),
            Assert.ThrowsAny<Exception>(() => Get(headers: ("X-Api-Key", Secret + "\n"))),
            Assert.ThrowsAny<Exception>(() => Get(query: "key=" + Secret + "#")),
            Assert.ThrowsAny<Exception>(() => SignableBody.Precomputed(Secret)),
        };

        foreach (var error in errors)
        {
            Assert.DoesNotContain(Secret, error.Message);
            Assert.DoesNotContain(Token, error.Message);
            Assert.DoesNotContain(Secret, (error as CrossAcctApiException)?.Target?.ToString() ?? string.Empty);
        }
    }
}

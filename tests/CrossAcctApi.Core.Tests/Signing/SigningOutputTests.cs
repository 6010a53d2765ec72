using System.Security.Cryptography;
using System.Text;
using CrossAcctApi.Core.Signing;
using Xunit;
using static CrossAcctApi.Core.Tests.Signing.SigningTestData;

namespace CrossAcctApi.Core.Tests.Signing;

/// <summary>One signing pass, one <see cref="SigningOutput"/>: what it carries, and that explaining costs no second signature.</summary>
public sealed class SigningOutputTests
{
    private static byte[] DerivedKey() => new SigningKeyCache().Get(Keys(), AmzDate.For(Time), "us-east-1", "execute-api").CopyKeyForTests();

    [Theory]
    [InlineData(SignatureLocation.Header)]
    [InlineData(SignatureLocation.QueryString)]
    public void An_explained_pass_signs_once_and_explains_the_signature_it_produced(SignatureLocation location)
    {
        var engine = new CountingHashEngine();
        var output = new SigV4Signer(new SigningKeyCache(), engine).Sign(Get(), Keys(), ExecuteApi(location), Time, explain: true);

        Assert.Equal(1, engine.Hmacs);
        Assert.Equal(1, engine.Sha256s);
        Assert.True(output.IsExplained);
        var canonical = Encoding.UTF8.GetBytes(output.CanonicalRequest!.ToExactString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(canonical)), output.StringToSign!.CanonicalRequestHash);
        var signature = HMACSHA256.HashData(DerivedKey(), Encoding.UTF8.GetBytes(output.StringToSign.ToString()));
        Assert.Equal(Convert.ToHexStringLower(signature), output.Signature);
        Assert.Equal(output.SignedHeaders, output.CanonicalRequest.SignedHeaders);
    }

    [Fact]
    public void An_unexplained_pass_keeps_no_canonical_strings_and_signs_the_same()
    {
        var signer = new SigV4Signer(new SigningKeyCache());
        var fast = signer.Sign(Get(), Keys(), ExecuteApi(), Time);
        var explained = signer.Sign(Get(), Keys(), ExecuteApi(), Time, explain: true);

        Assert.False(fast.IsExplained);
        Assert.Null(fast.CanonicalRequest);
        Assert.Null(fast.StringToSign);
        Assert.Equal(explained.Authorization, fast.Authorization);
        Assert.Equal(explained.SignedHeaders, fast.SignedHeaders);
    }

    [Fact]
    public void Header_signing_outputs_the_headers_to_add_and_no_query()
    {
        var output = new SigV4Signer(new SigningKeyCache()).Sign(Get(), Keys(), new SigningSettings("us-east-1", "execute-api") { PayloadHashHeader = true }, Time);

        Assert.Equal(SignatureLocation.Header, output.Location);
        Assert.Null(output.PresignedQuery);
        Assert.Equal("host;x-amz-content-sha256;x-amz-date;x-amz-security-token", output.SignedHeaders);
        Assert.Equal("AWS4-HMAC-SHA256 Credential=" + AccessKeyId + "/20250304/us-east-1/execute-api/aws4_request, SignedHeaders=" + output.SignedHeaders + ", Signature=" + output.Signature, output.Authorization);
        Assert.Equal(Token, output.SecurityToken);
        Assert.True(output.SendsSessionToken);
        Assert.Equal("20250304T050607Z", output.AmzDate);
        Assert.Equal("20250304/us-east-1/execute-api/aws4_request", output.CredentialScope);
        Assert.Equal(("us-east-1", "execute-api", Time), (output.Region, output.Service, output.SigningTime));

        var added = new List<string>();
        output.AddHeadersTo(added, (list, name, _) => list.Add(name));
        Assert.Equal(new[] { "X-Amz-Security-Token", "X-Amz-Date", "x-amz-content-sha256", "Authorization" }, added);
    }

    [Fact]
    public void Presigning_outputs_the_query_and_no_headers()
    {
        var output = new SigV4Signer(new SigningKeyCache()).Sign(Get(query: "a=1"), Keys(), ExecuteApi(SignatureLocation.QueryString), Time);

        Assert.Equal(SignatureLocation.QueryString, output.Location);
        Assert.Null(output.Authorization);
        Assert.Null(output.SecurityToken);
        Assert.Null(output.ContentSha256);
        Assert.Equal("host", output.SignedHeaders);
        Assert.StartsWith("a=1&X-Amz-Algorithm=AWS4-HMAC-SHA256&", output.PresignedQuery);
        Assert.EndsWith("&X-Amz-Signature=" + output.Signature, output.PresignedQuery);
        Assert.True(output.SendsSessionToken);

        var added = new List<string>();
        output.AddHeadersTo(added, (list, name, _) => list.Add(name));
        Assert.Empty(added);
    }

    [Theory]
    [InlineData(SignatureLocation.Header)]
    [InlineData(SignatureLocation.QueryString)]
    public void A_signed_request_is_a_view_of_one_pass(SignatureLocation location)
    {
        var engine = new CountingHashEngine();
        var signed = new SigV4Signer(new SigningKeyCache(), engine).SignRequest(Get(), Keys(), ExecuteApi(location), Time);

        Assert.Equal(1, engine.Hmacs);
        Assert.Same(signed.Output.CanonicalRequest, signed.CanonicalRequest);
        Assert.Same(signed.Output.SignedHeaders, signed.SignedHeaders);
        Assert.Equal(location == SignatureLocation.Header ? signed.Output.Authorization : null, signed.Headers.SingleOrDefault(h => h.Key == "Authorization").Value);
        Assert.Equal(location == SignatureLocation.Header ? "/prod/items" : "/prod/items?" + signed.Output.PresignedQuery, signed.Path + (signed.Query == null ? string.Empty : "?" + signed.Query));
    }

    [Fact]
    public void The_signed_header_names_are_not_allocated_again_while_they_stay_the_same()
    {
        var signer = new SigV4Signer(new SigningKeyCache());
        var first = signer.Sign(Get(), Keys(), ExecuteApi(), Time).SignedHeaders;
        var second = signer.Sign(Get("/other"), Keys(), ExecuteApi(), Time.AddSeconds(1)).SignedHeaders;
        var other = signer.Sign(Get(headers: ("X-Tag", "a")), Keys(), ExecuteApi(), Time).SignedHeaders;

        Assert.Same(first, second);
        Assert.Equal("host;x-amz-date;x-amz-security-token;x-tag", other);
        Assert.Equal("host;x-amz-date;x-amz-security-token", signer.Sign(Get(), Keys(), ExecuteApi(), Time).SignedHeaders);
    }
}

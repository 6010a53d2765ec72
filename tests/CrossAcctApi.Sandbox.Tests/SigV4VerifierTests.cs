using CrossAcctApi.Sandbox.Signing;
using CrossAcctApi.Sandbox.Tests.Infrastructure;

namespace CrossAcctApi.Sandbox.Tests;

/// <summary>
/// The sandbox's own verifier against AWS's published SigV4 vectors: it must rebuild the expected canonical
/// request and string to sign from the signed request as sent, accept the signature, and refuse a wrong secret.
/// </summary>
public sealed class SigV4VerifierTests
{
    [SigV4SuiteTheory]
    [MemberData(nameof(SigV4TestSuite.NormalisedCases), MemberType = typeof(SigV4TestSuite))]
    public void A_header_signed_vector_verifies(string caseName) => Verify(caseName, "header");

    [SigV4SuiteTheory]
    [MemberData(nameof(SigV4TestSuite.NormalisedQueryCases), MemberType = typeof(SigV4TestSuite))]
    public void A_query_signed_vector_verifies(string caseName) => Verify(caseName, "query");

    private static void Verify(string caseName, string form)
    {
        var request = SigV4TestSuite.ParseRequest(SigV4TestSuite.Read(caseName, form + "-signed-request.txt"));
        var parsed = SignatureClaimParser.Parse(request);
        Assert.True(parsed.Claim != null, parsed.Problem);
        Assert.Equal(form == "header" ? SignatureLocation.Header : SignatureLocation.Query, parsed.Claim!.Location);

        var check = SigV4Verifier.Check(request, parsed.Claim, SigV4TestSuite.Secret(caseName));
        Assert.Equal(SigV4TestSuite.Read(caseName, form + "-canonical-request.txt"), check.CanonicalRequest);
        Assert.Equal(SigV4TestSuite.Read(caseName, form + "-string-to-sign.txt"), check.StringToSign);
        Assert.True(check.Matches);

        var wrongSecret = SigV4Verifier.Check(request, parsed.Claim, SigV4TestSuite.Secret(caseName) + "x");
        Assert.False(wrongSecret.Matches);
    }

    [Theory]
    [InlineData("/prod/a%20b", "/prod/a%2520b")]
    [InlineData("/prod/a b", "/prod/a%20b")]
    [InlineData("/_aws/execute-api/abc/prod/items/%C3%A9", "/_aws/execute-api/abc/prod/items/%25C3%25A9")]
    [InlineData("//a//b/./c/../d/", "/a/b/d/")]
    [InlineData("", "/")]
    [InlineData("/a/b/..", "/a/")]
    [InlineData("/~user/file-name_1.txt", "/~user/file-name_1.txt")]
    [InlineData("/a%2Fb", "/a%252Fb")]
    public void The_canonical_URI_encodes_the_path_as_sent_once_more(string rawPath, string expected) =>
        Assert.Equal(expected, CanonicalRequest.CanonicalUri(rawPath));

    [Theory]
    [InlineData("b=2&a=1", "a=1&b=2")]
    [InlineData("a=2&a=1", "a=1&a=2")]
    [InlineData("q=a+b", "q=a%2Bb")]
    [InlineData("q=a%20b&flag", "flag=&q=a%20b")]
    [InlineData("x=%2f", "x=%2F")]
    [InlineData("k=~-._", "k=~-._")]
    public void The_canonical_query_is_decoded_reencoded_and_sorted(string rawQuery, string expected) =>
        Assert.Equal(expected, CanonicalRequest.CanonicalQuery(rawQuery, excludeSignature: false));

    [Fact]
    public void A_presigned_query_leaves_out_only_the_signature() =>
        Assert.Equal("X-Amz-Date=1&a=b", CanonicalRequest.CanonicalQuery("a=b&X-Amz-Signature=abc&X-Amz-Date=1", excludeSignature: true));

    [Fact]
    public void A_claim_never_prints_its_signature_or_token()
    {
        var request = new ReceivedRequest("GET", "/", string.Empty, new[]
        {
            new KeyValuePair<string, string>("Host", "h"),
            new KeyValuePair<string, string>("X-Amz-Date", "20260101T000000Z"),
            new KeyValuePair<string, string>("X-Amz-Security-Token", "SecretTokenValue"),
            new KeyValuePair<string, string>("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=deadbeefdeadbeef"),
        }, Array.Empty<byte>());
        var claim = SignatureClaimParser.Parse(request).Claim!;
        Assert.Equal("SecretTokenValue", claim.SessionToken);
        Assert.DoesNotContain("deadbeef", claim.ToString());
        Assert.DoesNotContain("SecretTokenValue", claim.ToString());
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=deadbeef")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/execute-api/aws4_request SignedHeaders=host;x-amz-date, Signature=deadbeef")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/execute-api/aws4_request,SignedHeaders=host;x-amz-date,Signature=deadbeef")]
    public void Parameters_are_read_whether_commas_or_blanks_separate_them(string header)
    {
        var request = new ReceivedRequest("GET", "/", string.Empty, new[]
        {
            new KeyValuePair<string, string>("Host", "h"),
            new KeyValuePair<string, string>("X-Amz-Date", "20260101T000000Z"),
            new KeyValuePair<string, string>("Authorization", header),
        }, Array.Empty<byte>());
        var claim = SignatureClaimParser.Parse(request).Claim;
        Assert.NotNull(claim);
        Assert.Equal(new[] { "host", "x-amz-date" }, claim!.SignedHeaders);
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=x-amz-date, Signature=00", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1, SignedHeaders=host, Signature=00", "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/...'")]
    [InlineData("AWS4-HMAC-SHA512 Credential=AKID/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=00", "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'. Only 'AWS4-HMAC-SHA256' is supported.")]
    [InlineData("Bearer abc", "'abc' not a valid key=value pair (missing equal-sign) in Authorization header.")]
    [InlineData("Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=00", "'AWS4-HMAC-SHA256' not a valid key=value pair (missing equal-sign) in Authorization header.")]
    [InlineData("AWS4-HMAC-SHA256 ", "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.")]
    public void A_malformed_Authorization_header_is_incomplete(string header, string problem)
    {
        var request = new ReceivedRequest("GET", "/", string.Empty, new[]
        {
            new KeyValuePair<string, string>("Host", "h"),
            new KeyValuePair<string, string>("X-Amz-Date", "20260101T000000Z"),
            new KeyValuePair<string, string>("Authorization", header),
        }, Array.Empty<byte>());
        var parsed = SignatureClaimParser.Parse(request);
        Assert.Null(parsed.Claim);
        Assert.False(parsed.IsMissing);
        Assert.Equal(problem, parsed.Problem);
    }
}

using System.Net.Http;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Requests;
using CrossAcctApi.Core.Signing;
using CsCheck;
using Xunit;

namespace CrossAcctApi.Core.Tests.Signing;

/// <summary>
/// What is sent is what is signed: every URL is re-encoded to the signed spelling before it is signed and sent, so
/// the canonical query of what goes on the wire is the wire query itself (sorted), and System.Uri and HttpClient send
/// the re-encoded text byte for byte.
/// </summary>
public sealed class RequestLineEncodingTests
{
    // Every printable ASCII character but the ones that end the query or the path, plus non-ASCII.
    private const string Reserved = ":/?#[]@!$&'()*+,;=";
    private const string Printable = " !\"$'()*+,;:<=>@[\\]^`{|}~%-._" + "abcXYZ019" + "\u00e9\u1234";

    [Theory]
    [InlineData("https://h/prod/items?x=1+2", "https://h/prod/items?x=1%2B2")]
    [InlineData("https://h/prod/items?q=a b&r=%2b&s=%7e", "https://h/prod/items?q=a%20b&r=%2B&s=~")]
    [InlineData("https://h/prod/a:b@c!d$e'f(g)h*i+j,k;l=m?n=o:p@q/r?s", "https://h/prod/a%3Ab%40c%21d%24e%27f%28g%29h%2Ai%2Bj%2Ck%3Bl%3Dm?n=o%3Ap%40q%2Fr%3Fs")]
    [InlineData("https://h/prod/caf\u00e9?k=\u1234", "https://h/prod/caf%C3%A9?k=%E1%88%B4")]
    [InlineData("https://h/prod/a%2Fb?k=a%3Db", "https://h/prod/a%2Fb?k=a%3Db")]
    [InlineData("https://h/p?b=2&a=1&a=0&flag&&e=", "https://h/p?b=2&a=1&a=0&flag&e=")]
    [InlineData("https://h/p?k=%zz&l=100%", "https://h/p?k=%25zz&l=100%25")]
    [InlineData("https://h//a//b/", "https://h//a//b/")]
    [InlineData("https://h/p#fragment", "https://h/p")]
    public void URLs_are_re_encoded_to_the_signed_spelling(string given, string sent) =>
        Assert.Equal(sent, RequestLineEncoding.Canonical(new Uri(given)).AbsoluteUri);

    [Fact]
    public void An_already_canonical_URL_is_kept_as_it_is()
    {
        var uri = new Uri("https://abc.execute-api.us-east-1.amazonaws.com/prod/items?limit=10&q=a%20b");
        Assert.Same(uri, RequestLineEncoding.Canonical(uri));
    }

    [Fact]
    public void The_endpoint_every_command_sends_to_is_the_re_encoded_URL()
    {
        var endpoint = ApiEndpoint.Parse(new Uri("https://abc.execute-api.us-east-1.amazonaws.com/prod/items?x=1+2"));
        Assert.Equal("/prod/items", endpoint.Uri.AbsolutePath);
        Assert.Equal("?x=1%2B2", endpoint.Uri.Query);
    }

    [Fact]
    public void Generated_URLs_are_sent_byte_for_byte_as_signed()
    {
        var text = Gen.Char[Printable + Reserved].Array[0, 6].Select(c => new string(c));
        var urls = from segments in text.Array[1, 4]
                   from pairs in Gen.Select(text, text, Gen.Bool).Array[0, 4]
                   select "https://abc.execute-api.us-east-1.amazonaws.com/" + string.Join("/", segments.Select(Uri.EscapeDataString))
                          + (pairs.Length == 0 ? string.Empty : "?" + string.Join("&", pairs.Select(p => Raw(p.Item1) + (p.Item3 ? "=" + Raw(p.Item2) : string.Empty))));
        var signer = new SigV4Signer(new SigningKeyCache(4));
        var settings = new SigningSettings("us-east-1", "execute-api");
        var keys = new CredentialKeys("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);

        urls.Sample(
            url =>
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var given))
                {
                    return;
                }

                var sent = RequestLineEncoding.Canonical(given);

                // Idempotent: re-encoding what is sent changes nothing.
                Assert.Equal(sent.AbsoluteUri, RequestLineEncoding.Canonical(sent).AbsoluteUri);

                // HttpClient sends the URL's escaped path and query as they are (what the request line carries).
                using var message = new HttpRequestMessage(HttpMethod.Get, sent);
                Assert.Equal(sent.AbsoluteUri, message.RequestUri!.AbsoluteUri);

                // Only unreserved characters and %XX escapes (upper-case hex) are left in the query.
                var query = sent.Query.TrimStart('?');
                Assert.Matches("^([A-Za-z0-9._~&=-]|%[0-9A-F]{2})*$", query);

                // The canonical query signed is the query sent, sorted (bare names signed with '=').
                var signed = signer.SignRequest(HttpRequestToSign.FromUri("GET", sent), keys, settings, new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero));
                var expected = string.Join("&", query.Split('&', StringSplitOptions.RemoveEmptyEntries)
                    .Select(p => p.Contains('=') ? p : p + "=")
                    .OrderBy(p => p.Split('=')[0], StringComparer.Ordinal)
                    .ThenBy(p => p.Split('=', 2)[1], StringComparer.Ordinal));
                Assert.Equal(expected, signed.CanonicalRequest.CanonicalQueryString);
            },
            iter: 2000,
            print: url => url);
    }

    [Fact]
    public void The_Authorization_spelled_for_strict_parsers_is_accepted_by_HttpHeaders_Add()
    {
        var usual = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
        var strict = AuthorizationSpelling.ForStrictHeaderParsers(usual);
        Assert.Equal(usual.Replace(", SignedHeaders=", " SignedHeaders=", StringComparison.Ordinal), strict);

        using var refused = new HttpRequestMessage();
        Assert.Throws<FormatException>(() => refused.Headers.Add("Authorization", usual));
        using var accepted = new HttpRequestMessage();
        accepted.Headers.Add("Authorization", strict);
        Assert.Equal("AWS4-HMAC-SHA256", accepted.Headers.Authorization!.Scheme);
        Assert.Equal(strict, accepted.Headers.Authorization.ToString());
    }

    [Theory]
    [InlineData("Bearer abc")]
    [InlineData("AWS4-HMAC-SHA256 Credential=A/s SignedHeaders=host, Signature=00")]
    public void Other_values_are_left_as_they_are(string value) =>
        Assert.Equal(value, AuthorizationSpelling.ForStrictHeaderParsers(value));

    [Fact]
    public void A_GET_body_becomes_a_query_encoded_as_signed() =>
        Assert.Equal(
            "limit=10&q=a%20b%2Bc&empty=",
            RequestLineEncoding.FromPairs(new[] { KeyValuePair.Create("limit", "10"), KeyValuePair.Create("q", "a b+c"), KeyValuePair.Create("empty", string.Empty) }));

    /// <summary>A query part written the way people type them: reserved characters raw where a URL parser keeps them.</summary>
    private static string Raw(string text) => text.Replace("&", "%26").Replace("#", "%23").Replace("=", "%3D");
}

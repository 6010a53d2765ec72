using System.Security.Cryptography;
using System.Text;
using CrossAcctApi.Core.Signing;
using Xunit;
using static CrossAcctApi.Core.Tests.Signing.SigningTestData;

namespace CrossAcctApi.Core.Tests.Signing;

public sealed class CanonicalizationTests
{
    [Theory]
    [InlineData("/prod/a%20b", "/prod/a%2520b")]          // the execute-api case: encoded once more
    [InlineData("/prod/a b", "/prod/a%20b")]              // a raw space (never on a real wire) is encoded once
    [InlineData("/prod/%E1%88%B4", "/prod/%25E1%2588%25B4")]
    [InlineData("/prod/\u1234", "/prod/%E1%88%B4")]
    [InlineData("/prod/a%2Fb", "/prod/a%252Fb")]
    [InlineData("/prod/it's(1)!*+", "/prod/it%27s%281%29%21%2A%2B")]
    [InlineData("/-._~AZaz09", "/-._~AZaz09")]
    public void Non_s3_services_sign_the_path_as_sent_encoded_once_more(string path, string canonical) =>
        Assert.Equal(canonical, Sign(Get(path)).CanonicalRequest.CanonicalUri);

    [Theory]
    [InlineData("/bucket/a%20b", "/bucket/a%20b")]
    [InlineData("/bucket/a b", "/bucket/a%20b")]
    [InlineData("/bucket/a%2fb", "/bucket/a%2Fb")]
    [InlineData("/bucket/a%zz", "/bucket/a%25zz")]
    public void S3_signs_the_path_encoded_exactly_once(string path, string canonical)
    {
        var settings = new SigningSettings("us-east-1", "s3") { NormalizePath = false };
        Assert.Equal(canonical, Sign(Get(path), settings).CanonicalRequest.CanonicalUri);
    }

    [Theory]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("//", "/")]
    [InlineData("/a/b/../c", "/a/c")]
    [InlineData("/a/./b/", "/a/b/")]
    [InlineData("/a/b/..", "/a/")]
    [InlineData("/a/b/.", "/a/b/")]
    [InlineData("/../../a", "/a")]
    [InlineData("/a//b///c", "/a/b/c")]
    [InlineData("/a/...", "/a/...")]
    [InlineData("/%2E%2E/x", "/%252E%252E/x")]    // encoded dots are data, not dot segments
    public void Normalisation_removes_dot_segments_and_repeated_slashes(string path, string canonical) =>
        Assert.Equal(canonical, Sign(Get(path)).CanonicalRequest.CanonicalUri);

    [Theory]
    [InlineData("/a/b/../c", "/a/b/../c")]
    [InlineData("//a//", "//a//")]
    [InlineData("", "/")]
    public void Without_normalisation_the_path_keeps_its_shape(string path, string canonical)
    {
        var settings = new SigningSettings("us-east-1", "execute-api") { NormalizePath = false };
        Assert.Equal(canonical, Sign(Get(path), settings).CanonicalRequest.CanonicalUri);
    }

    [Theory]
    [InlineData("b=2&a=1&a=&c&a=0", "a=&a=0&a=1&b=2&c=")]       // sorted by key then value; repeats and empties kept
    [InlineData("a=1&&b=2&", "a=1&b=2")]                         // empty tokens dropped
    [InlineData("%e1%88%b4=x&\u1234=y", "%E1%88%B4=x&%E1%88%B4=y")] // decoded then re-encoded
    [InlineData("k=%zz", "k=%25zz")]                              // a lone '%' is data
    [InlineData("k=a=b", "k=a%3Db")]                              // the first '=' separates
    [InlineData("=v", "=v")]
    [InlineData("k=%7e%41", "k=~A")]
    [InlineData("Param-3=3&Param=2&%E1%88%B4=1", "%E1%88%B4=1&Param=2&Param-3=3")] // sorted as encoded
    public void Query_pairs_are_encoded_and_sorted(string query, string canonical) =>
        Assert.Equal(canonical, Sign(Get(query: query)).CanonicalRequest.CanonicalQueryString);

    [Theory]
    [InlineData("execute-api")]
    [InlineData("lambda")]
    [InlineData("s3")]
    public void A_raw_plus_is_a_literal_plus_for_every_service(string service)
    {
        // RFC 3986: '+' is a space only in form encoding. botocore, the AWS CRT, smithy-rs and curl sign it as %2B.
        var settings = new SigningSettings("us-east-1", service);
        Assert.Equal("q=a%2Bb&r=%2B&s=a%20b", Sign(Get(query: "q=a+b&r=%2B&s=a%20b"), settings).CanonicalRequest.CanonicalQueryString);
    }

    [Fact]
    public void Header_values_are_trimmed_collapsed_and_repeats_joined_in_order()
    {
        var signed = Sign(Get(headers: new[] { ("X-B", "  two   words\t\there  "), ("x-a", "second"), ("X-A", " first "), ("X-Empty", ""), ("X_U", "u") }));
        Assert.Equal(
            $"host:{Host}\nx-a:second,first\nx-amz-date:20250304T050607Z\nx-amz-security-token:{Token}\nx-b:two words here\nx-empty:\nx_u:u\n",
            signed.CanonicalRequest.CanonicalHeaders);
        Assert.Equal("host;x-a;x-amz-date;x-amz-security-token;x-b;x-empty;x_u", signed.SignedHeaders);
    }

    [Theory]
    [InlineData("caf\u00e9 \u1234", "caf\u00e9 \u1234")]            // fast path (nothing to collapse)
    [InlineData(" caf\u00e9  \u1234 ", "caf\u00e9 \u1234")]         // slow path, same bytes
    [InlineData("\U0001F600\t\U0001F600", "\U0001F600 \U0001F600")]
    public void Header_values_are_signed_as_UTF8_on_both_paths(string value, string canonical)
    {
        var signed = Sign(Get(headers: ("X-Text", value)));
        Assert.Contains($"\nx-text:{canonical}\n", "\n" + signed.CanonicalRequest.CanonicalHeaders);
    }

    [Fact]
    public void A_lone_surrogate_in_a_header_is_signed_as_U_FFFD_on_both_paths()
    {
        // Built here rather than in InlineData, whose serialisation would not keep an unpaired surrogate.
        var loneSurrogate = new string(new[] { 'a', (char)0xD800, 'b' });
        var withRun = new string(new[] { 'a', (char)0xD800, ' ', ' ', 'b' });
        var signed = Sign(Get(headers: new[] { ("X-One", loneSurrogate), ("X-Two", withRun) }));
        Assert.Contains("x-one:a\uFFFDb\nx-two:a\uFFFD b\n", signed.CanonicalRequest.CanonicalHeaders);
    }

    [Fact]
    public void A_lone_surrogate_in_a_path_is_encoded_as_U_FFFD() =>
        Assert.Equal("/a%EF%BF%BDb", Sign(Get(new string(new[] { '/', 'a', (char)0xD800, 'b' })), new SigningSettings("us-east-1", "s3")).CanonicalRequest.CanonicalUri);

    [Fact]
    public void Hop_by_hop_and_volatile_headers_are_sent_but_not_signed()
    {
        var unsigned = new[] { "User-Agent", "X-Amzn-Trace-Id", "Connection", "Transfer-Encoding", "Expect", "Keep-Alive", "Proxy-Connection", "TE", "Upgrade" };
        var signed = Sign(Get(headers: unsigned.Select(n => (n, "v")).Append(("Accept", "application/json")).ToArray()));
        Assert.Equal("accept;host;x-amz-date;x-amz-security-token", signed.SignedHeaders);
        foreach (var name in unsigned)
        {
            Assert.Equal("v", signed.Header(name));
        }
    }

    [Fact]
    public void A_caller_host_header_is_signed_as_given_and_no_second_one_is_added()
    {
        // For example a private API reached through a VPC endpoint: connect to one host, sign and send another.
        var request = new HttpRequestToSign("GET", "vpce-123.execute-api.us-east-1.vpce.amazonaws.com", "/prod", null, new[] { new KeyValuePair<string, string>("Host", Host) });
        var signed = Sign(request);
        Assert.Contains($"host:{Host}\n", signed.CanonicalRequest.CanonicalHeaders);
        Assert.Single(signed.Headers, h => h.Key.Equals("host", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Headers_to_send_are_in_the_documented_order()
    {
        var settings = new SigningSettings("us-east-1", "execute-api") { PayloadHashHeader = true };
        var signed = Sign(Get(headers: ("Accept", "*/*")), settings);
        Assert.Equal(
            new[] { "Accept", "Host", "X-Amz-Security-Token", "X-Amz-Date", "x-amz-content-sha256", "Authorization" },
            signed.Headers.Select(h => h.Key));
    }

    [Fact]
    public void UNSIGNED_PAYLOAD_is_signed_instead_of_the_body_hash()
    {
        var request = new HttpRequestToSign("PUT", Host, "/prod/upload", null) { Body = SignableBody.UnsignedPayload };
        var settings = new SigningSettings("us-east-1", "execute-api") { PayloadHashHeader = true };
        var signed = Sign(request, settings);
        Assert.EndsWith("\nUNSIGNED-PAYLOAD", signed.CanonicalRequest.ToExactString());
        Assert.Equal("UNSIGNED-PAYLOAD", signed.Header("x-amz-content-sha256"));
        Assert.Equal("UNSIGNED-PAYLOAD", new SigV4Signer().Sign(request, Keys(), settings, Time).ContentSha256);
    }

    [Fact]
    public void PayloadHashHeader_sends_and_signs_the_body_hash()
    {
        var body = Encoding.UTF8.GetBytes("{\"hello\":\"world\"}");
        var expected = Convert.ToHexStringLower(SHA256.HashData(body));
        var request = new HttpRequestToSign("POST", Host, "/prod", null) { Body = SignableBody.Bytes(body) };
        var settings = new SigningSettings("us-east-1", "execute-api") { PayloadHashHeader = true };

        var signed = Sign(request, settings);
        Assert.Equal(expected, signed.Header("x-amz-content-sha256"));
        Assert.Contains($"x-amz-content-sha256:{expected}\n", signed.CanonicalRequest.CanonicalHeaders);
        Assert.Contains("x-amz-content-sha256", signed.SignedHeaders);
        Assert.Equal(expected, signed.CanonicalRequest.PayloadHash);

        var fast = new SigV4Signer().Sign(request, Keys(), settings, Time);
        Assert.Equal(expected, fast.ContentSha256);
        Assert.Equal(signed.Header("Authorization"), fast.Authorization);

        // Off: signed into the canonical request, but neither sent nor listed.
        var plain = Sign(request);
        Assert.DoesNotContain("x-amz-content-sha256", plain.SignedHeaders);
        Assert.Equal(expected, plain.CanonicalRequest.PayloadHash);
        Assert.Null(new SigV4Signer().Sign(request, Keys(), ExecuteApi(), Time).ContentSha256);
    }

    [Fact]
    public void A_precomputed_payload_hash_is_signed_as_given()
    {
        var streamedHash = new string('a', 64);
        var request = new HttpRequestToSign("PUT", Host, "/prod", null) { Body = SignableBody.Precomputed(streamedHash) };
        Assert.Equal(streamedHash, Sign(request).CanonicalRequest.PayloadHash);
        Assert.Equal(streamedHash, Sign(HttpRequestToSign.FromUri("PUT", new Uri("https://" + Host + "/prod")).WithBody(SignableBody.Precomputed(streamedHash))).CanonicalRequest.PayloadHash);
    }

    [Fact]
    public void The_body_is_hashed_once()
    {
        var body = Encoding.UTF8.GetBytes("first");
        var request = new HttpRequestToSign("POST", Host, "/prod", null) { Body = SignableBody.Bytes(body) };
        var first = Sign(request).CanonicalRequest.PayloadHash;

        // Documented contract: the body must not change after signing; the cached hash shows it is not re-read.
        body[0] = (byte)'F';
        Assert.Equal(first, Sign(request).CanonicalRequest.PayloadHash);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("first"))), first);
    }

    [Fact]
    public void The_signing_time_is_an_input_converted_to_UTC()
    {
        var local = new DateTimeOffset(2001, 2, 3, 23, 30, 0, TimeSpan.FromHours(-5));
        var signed = new SigV4Signer(new SigningKeyCache()).SignRequest(Get(), Keys(), ExecuteApi(), local);
        Assert.Equal("20010204T043000Z", signed.Header("X-Amz-Date"));
        Assert.Equal("20010204/us-east-1/execute-api/aws4_request", signed.StringToSign.CredentialScope);
        Assert.Equal(local, signed.SigningTime);
    }

    [Fact]
    public void FromUri_takes_host_with_non_default_port_path_and_query()
    {
        var request = HttpRequestToSign.FromUri("GET", new Uri("https://Example.com:8443/prod/a%20b?x=1&y=a%2Fb"));
        Assert.Equal("example.com:8443", request.Host);
        Assert.Equal("/prod/a%20b", request.Path);
        Assert.Equal("x=1&y=a%2Fb", request.Query);

        Assert.Equal("example.com", HttpRequestToSign.FromUri("GET", new Uri("https://example.com:443/")).Host);
        Assert.Equal("example.com:80", HttpRequestToSign.FromUri("GET", new Uri("https://example.com:80/")).Host);
        Assert.Equal("[::1]:8080", HttpRequestToSign.FromUri("GET", new Uri("http://[::1]:8080/")).Host);
        Assert.Equal("xn--bcher-kva.example", HttpRequestToSign.FromUri("GET", new Uri("https://b\u00fccher.example/")).Host);
        Assert.Null(HttpRequestToSign.FromUri("GET", new Uri("https://example.com/x?")).Query);
        Assert.Equal("/", HttpRequestToSign.FromUri("GET", new Uri("https://example.com")).Path);
    }

    [Theory]
    [InlineData("https://abc.execute-api.us-east-1.amazonaws.com/prod/a%20b%2Fc?q=x%2By&e=", SignatureLocation.Header)]
    [InlineData("https://abc.execute-api.us-east-1.amazonaws.com/prod/a%20b%2Fc?q=x%2By&e=", SignatureLocation.QueryString)]
    [InlineData("https://abc.execute-api.us-east-1.amazonaws.com:8443/", SignatureLocation.QueryString)]
    public void The_signed_url_sends_exactly_the_signed_path_and_query(string uri, SignatureLocation location)
    {
        var signed = Sign(HttpRequestToSign.FromUri("GET", new Uri(uri)), ExecuteApi(location));
        Assert.NotNull(signed.Url);
        Assert.Equal(signed.Path + (signed.Query == null ? string.Empty : "?" + signed.Query), signed.Url!.PathAndQuery);
        Assert.Equal(signed.Host, signed.Url.Authority);
    }

    [Fact]
    public void Presigned_urls_append_the_authentication_parameters_after_the_callers()
    {
        var settings = new SigningSettings("us-east-1", "execute-api") { Location = SignatureLocation.QueryString, ExpiresIn = TimeSpan.FromMinutes(5) };
        var signed = Sign(Get(query: "b=2&a=1"), settings);
        var keys = signed.Query!.Split('&').Select(p => p.Split('=')[0]).ToArray();
        Assert.Equal(new[] { "b", "a", "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Expires", "X-Amz-Security-Token", "X-Amz-Signature" }, keys);
        Assert.Contains("X-Amz-Security-Token=" + Uri.EscapeDataString(Token), signed.Query);
        Assert.Contains("X-Amz-Security-Token=" + Uri.EscapeDataString(Token) + "&", signed.CanonicalRequest.ToExactString());
        Assert.DoesNotContain(signed.Headers, h => h.Key is "Authorization" or "X-Amz-Date" or "X-Amz-Security-Token");
    }

    [Fact]
    public void An_unsigned_session_token_is_still_sent()
    {
        var settings = new SigningSettings("us-east-1", "execute-api") { SignSessionToken = false };
        var signed = Sign(Get(), settings);
        Assert.Equal("host;x-amz-date", signed.SignedHeaders);
        Assert.Equal(Token, signed.Header("X-Amz-Security-Token"));
        Assert.Equal(Token, new SigV4Signer().Sign(Get(), Keys(), settings, Time).SecurityToken);
    }
}

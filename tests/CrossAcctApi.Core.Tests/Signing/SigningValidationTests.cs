using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Signing;
using Xunit;
using static CrossAcctApi.Core.Tests.Signing.SigningTestData;

namespace CrossAcctApi.Core.Tests.Signing;

public sealed class SigningValidationTests
{
    [Theory]
    [InlineData("Authorization")]
    [InlineData("authorization")]
    [InlineData("X-Amz-Date")]
    [InlineData("x-amz-date")]
    [InlineData("X-AMZ-SECURITY-TOKEN")]
    [InlineData("x-Amz-Security-Token")]
    public void Signer_owned_headers_are_refused_naming_the_header(string name)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => Get(headers: (name, "x")));
        Assert.Equal("ReservedHeader", error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.Contains(name, error.Message);
        Assert.Equal(name, error.Target);
    }

    [Theory]
    [InlineData("X-Bad\r\nInjected", "v")]
    [InlineData("X-Bad\n", "v")]
    [InlineData("X-Bad\0", "v")]
    [InlineData("X-Ok", "line1\r\nX-Injected: yes")]
    [InlineData("X-Ok", "a\nb")]
    [InlineData("X-Ok", "a\0b")]
    [InlineData("X-Ok", "a\rb")]
    [InlineData("Bad Name", "v")]
    [InlineData("Bad:Name", "v")]
    [InlineData("", "v")]
    public void Header_names_and_values_with_CR_LF_NUL_or_non_token_names_are_invalid(string name, string value)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => Get(headers: (name, value)));
        Assert.Equal("InvalidHeader", error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);

        // The value may be a secret of the caller's (an API key): never quoted.
        Assert.DoesNotContain("line1", error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Fact]
    public void The_validated_headers_cannot_be_changed_afterwards()
    {
        var request = Get(headers: ("X-A", "1"));
        Assert.False(request.Headers is KeyValuePair<string, string>[]);
        Assert.Throws<NotSupportedException>(() => ((IList<KeyValuePair<string, string>>)request.Headers)[0] = new("Authorization", "forged"));
    }

    [Fact]
    public void A_null_header_value_and_a_second_host_header_are_invalid()
    {
        Assert.Equal("InvalidHeader", Assert.Throws<CrossAcctApiException>(() => Get(headers: ("X-A", null!))).ErrorId);
        Assert.Equal("InvalidHeader", Assert.Throws<CrossAcctApiException>(() => Get(headers: new[] { ("Host", Host), ("host", Host) })).ErrorId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("GE T")]
    [InlineData("GET\r\n")]
    [InlineData("G(ET)")]
    [InlineData("GÉT")]
    public void Methods_must_be_HTTP_tokens(string method)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => new HttpRequestToSign(method, Host, "/", null));
        Assert.Equal("InvalidMethod", error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public void Methods_are_case_sensitive_and_kept_as_given()
    {
        var signed = Sign(new HttpRequestToSign("get", Host, "/", null));
        Assert.Equal("get", signed.Method);
        Assert.StartsWith("get\n", signed.CanonicalRequest.ToExactString());
        Assert.NotEqual(Sign(new HttpRequestToSign("GET", Host, "/", null)).Signature, signed.Signature);
        Assert.Equal("PROPFIND", Sign(new HttpRequestToSign("PROPFIND", Host, "/", null)).CanonicalRequest.Method);
    }

    [Theory]
    [InlineData("", "InvalidHost")]
    [InlineData("host/path", "InvalidHost")]
    [InlineData("host name", "InvalidHost")]
    [InlineData("user@host", "InvalidHost")]
    public void Hosts_are_host_and_port_only(string host, string errorId) =>
        Assert.Equal(errorId, Assert.Throws<CrossAcctApiException>(() => new HttpRequestToSign("GET", host, "/", null)).ErrorId);

    [Theory]
    [InlineData("prod/items")]
    [InlineData("/a?b")]
    [InlineData("/a#b")]
    [InlineData("/a\r\nb")]
    public void Paths_start_with_a_slash_and_hold_no_query_fragment_or_controls(string path) =>
        Assert.Equal("InvalidPath", Assert.Throws<CrossAcctApiException>(() => new HttpRequestToSign("GET", Host, path, null)).ErrorId);

    [Theory]
    [InlineData("a=1#frag")]
    [InlineData("a=1\nb=2")]
    public void Queries_hold_no_fragment_or_controls(string query) =>
        Assert.Equal("InvalidQuery", Assert.Throws<CrossAcctApiException>(() => new HttpRequestToSign("GET", Host, "/", query)).ErrorId);

    [Theory]
    [InlineData("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [InlineData("e3b0")]
    [InlineData("UNSIGNED-PAYLOAD")]
    [InlineData("")]
    public void A_precomputed_payload_hash_is_64_lowercase_hex_digits(string hash) =>
        Assert.Equal("InvalidPayloadHash", Assert.Throws<CrossAcctApiException>(() => SignableBody.Precomputed(hash)).ErrorId);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(604801)]
    [InlineData(0.5)]
    public void Presigned_lifetimes_outside_one_second_to_seven_days_are_refused(double seconds)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => new SigningSettings("us-east-1", "execute-api") { ExpiresIn = TimeSpan.FromSeconds(seconds) });
        Assert.Equal("InvalidExpiry", error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3600)]
    [InlineData(604800)]
    public void Presigned_lifetimes_from_one_second_to_seven_days_are_accepted(int seconds)
    {
        var settings = new SigningSettings("us-east-1", "execute-api") { ExpiresIn = TimeSpan.FromSeconds(seconds), Location = SignatureLocation.QueryString };
        Assert.Contains("X-Amz-Expires=" + seconds + "&", Sign(Get(), settings).Query);
    }

    [Fact]
    public void Settings_default_to_the_execute_api_conventions()
    {
        var settings = new SigningSettings("us-east-1", "execute-api");
        Assert.True(settings.NormalizePath);
        Assert.True(settings.DoubleEncodePath);
        Assert.True(settings.SignSessionToken);
        Assert.False(settings.PayloadHashHeader);
        Assert.Equal(SignatureLocation.Header, settings.Location);
        Assert.Equal(TimeSpan.FromMinutes(15), settings.ExpiresIn);

        var s3 = new SigningSettings("us-east-1", "s3");
        Assert.False(s3.DoubleEncodePath);
    }

    [Theory]
    [InlineData("", "execute-api", "InvalidRegion")]
    [InlineData("us east 1", "execute-api", "InvalidRegion")]
    [InlineData("us-east-1/x", "execute-api", "InvalidRegion")]
    [InlineData("us-east-1", "", "InvalidService")]
    [InlineData("us-east-1", "execute api", "InvalidService")]
    public void Region_and_service_must_fit_the_credential_scope(string region, string service, string errorId) =>
        Assert.Equal(errorId, Assert.Throws<CrossAcctApiException>(() => new SigningSettings(region, service)).ErrorId);

    [Theory]
    [InlineData("", "secret")]
    [InlineData("AKID", "")]
    [InlineData("AKID EXAMPLE", "secret")]
    [InlineData("AKID/X", "secret")]
    public void Empty_or_malformed_keys_are_invalid_credentials(string accessKeyId, string secret)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => new CredentialKeys(accessKeyId, secret));
        Assert.Equal("InvalidCredential", error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public void An_empty_session_token_means_none()
    {
        Assert.False(new CredentialKeys("AKID", "secret", string.Empty).HasSessionToken);
        Assert.True(new CredentialKeys("AKID", "secret", "token").HasSessionToken);
    }

    [Theory]
    [InlineData("X-Amz-Signature=abc")]
    [InlineData("a=1&X-Amz-Credential=x")]
    [InlineData("x-amz-date=1")]
    [InlineData("X-Amz-Expires")]
    public void Presigning_refuses_a_query_that_already_has_authentication_parameters(string query)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => Sign(Get(query: query), ExecuteApi(SignatureLocation.QueryString)));
        Assert.Equal("ReservedQueryParameter", error.ErrorId);
    }

    [Fact]
    public void A_caller_content_hash_header_conflicts_with_PayloadHashHeader()
    {
        var request = Get(headers: ("x-amz-content-sha256", SigV4Constants.EmptyPayloadHash));
        var error = Assert.Throws<CrossAcctApiException>(() => Sign(request, new SigningSettings("us-east-1", "execute-api") { PayloadHashHeader = true }));
        Assert.Equal("ConflictingPayloadHash", error.ErrorId);

        // Without the setting it is an ordinary signed header.
        Assert.Contains("x-amz-content-sha256", Sign(request).SignedHeaders);
    }

    [Fact]
    public void Capacity_of_the_key_cache_must_be_positive() =>
        Assert.Equal("InvalidCacheCapacity", Assert.Throws<CrossAcctApiException>(() => new SigningKeyCache(0)).ErrorId);

    [Theory]
    [InlineData("ftp://example.com/x")]
    [InlineData("https://user:pw@example.com/x")]
    public void FromUri_wants_an_absolute_http_uri_without_user_info(string uri) =>
        Assert.Equal("InvalidUri", Assert.Throws<CrossAcctApiException>(() => HttpRequestToSign.FromUri("GET", new Uri(uri))).ErrorId);

    [Fact]
    public void FromUri_rejects_relative_uris() =>
        Assert.Equal("InvalidUri", Assert.Throws<CrossAcctApiException>(() => HttpRequestToSign.FromUri("GET", new Uri("/x", UriKind.Relative))).ErrorId);
}

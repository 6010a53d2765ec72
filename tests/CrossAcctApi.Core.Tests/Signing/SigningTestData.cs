using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Signing;

namespace CrossAcctApi.Core.Tests.Signing;

/// <summary>Shared inputs: AWS's documented example keys, an execute-api host, a fixed time.</summary>
internal static class SigningTestData
{
    public const string AccessKeyId = "AKIDEXAMPLE";
    public const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Token = "IQoJb3JpZ2luX2VjEXAMPLETOKEN/with+plus==";
    public const string Host = "abc123.execute-api.us-east-1.amazonaws.com";

    public static readonly DateTimeOffset Time = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    public static CredentialKeys Keys(bool withToken = true) => new(AccessKeyId, Secret, withToken ? Token : null);

    public static SigningSettings ExecuteApi(SignatureLocation location = SignatureLocation.Header) =>
        new("us-east-1", "execute-api") { Location = location };

    public static HttpRequestToSign Get(string path = "/prod/items", string? query = null, params (string Name, string Value)[] headers) =>
        new("GET", Host, path, query, headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)));

    public static SignedRequest Sign(HttpRequestToSign request, SigningSettings? settings = null, CredentialKeys? keys = null) =>
        new SigV4Signer(new SigningKeyCache()).SignRequest(request, keys ?? Keys(), settings ?? ExecuteApi(), Time);

    public static string Header(this SignedRequest signed, string name) =>
        signed.Headers.Single(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}

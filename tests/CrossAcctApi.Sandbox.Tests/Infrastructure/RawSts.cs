using System.Text;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using CrossAcctApi.Sandbox.Hosting;

namespace CrossAcctApi.Sandbox.Tests.Infrastructure;

/// <summary>STS calls built by hand (for what the SDK client cannot send), signed by the SDK's public signer.</summary>
internal static class RawSts
{
    private static readonly XNamespace Sts = "https://sts.amazonaws.com/doc/2011-06-15/";

    public static async Task<ApiResponse> SendSignedAsync(SandboxServer server, TestKey key, string form, DateTime? signedAt = null)
    {
        var body = Encoding.UTF8.GetBytes(form);
        var signing = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = server.StsEndpoint, Content = body };
        signing.Headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
        var result = AWSSigV4Signer.Sign(signing, Parameters(key, signedAt));

        var message = new HttpRequestMessage(HttpMethod.Post, server.StsEndpoint) { Content = new ByteArrayContent(body) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        foreach (var (name, value) in result.Headers)
        {
            if (name is "Host" or "host" || name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) continue;
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return await ApiCaller.SendRawAsync(message);
    }

    public static async Task<ApiResponse> PresignedGetCallerIdentityAsync(SandboxServer server, TestKey key)
    {
        var uri = new Uri(server.StsEndpoint, "?Action=GetCallerIdentity&Version=2011-06-15");
        var presigned = AWSSigV4Signer.Presign(new AWSSigningRequest { HttpMethod = HttpMethod.Get, RequestUri = uri }, Parameters(key, null), TimeSpan.FromMinutes(5));
        return await ApiCaller.SendRawAsync(new HttpRequestMessage(HttpMethod.Get, presigned.Uri));
    }

    public static string ErrorCode(ApiResponse response) =>
        XDocument.Parse(response.Body).Root!.Element(Sts + "Error")!.Element(Sts + "Code")!.Value;

    private static AWSSigV4Parameters Parameters(TestKey key, DateTime? signedAt) => new()
    {
        Credentials = key.ToAwsCredentials(),
        Region = RegionEndpoint.USEast1,
        Service = "sts",
        SignPayload = true,
        SignedAt = signedAt,
    };
}

using System.Net;
using CrossAcctApi.Sandbox.Tests.Infrastructure;

namespace CrossAcctApi.Sandbox.Tests;

/// <summary>
/// What <see cref="ExecuteApiTests"/> and <see cref="ExecuteApiSignatureTests"/> share: one sandbox per class,
/// reset before each test, the HTTP API's URLs, a session of the cross-account invoker, and API Gateway's 403 shape.
/// </summary>
public abstract class ExecuteApiTestBase : IClassFixture<SandboxFixture>
{
    protected ExecuteApiTestBase(SandboxFixture fixture)
    {
        Fixture = fixture;
        fixture.Server.Reset();
    }

    protected SandboxFixture Fixture { get; }

    protected Uri Api(string stage, string path) => Fixture.Server.ApiUri(Seed.ApiId, stage, path);

    private protected Task<TestKey> InvokerAsync(string sessionName = "api-test") =>
        StsClients.AssumeAsync(Fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker, sessionName);

    /// <summary>A 403 as an HTTP API sends it: this error type, JSON, a request id and, when given, this message.</summary>
    private protected static void AssertForbidden(ApiResponse response, string errorType, string? message)
    {
        Assert.True(response.Status == HttpStatusCode.Forbidden, $"expected 403, got {response}");
        Assert.Equal(errorType, response.ErrorType);
        Assert.Equal("application/json", response.Header("Content-Type"));
        Assert.NotNull(response.Header("apigw-requestid"));
        if (message != null) Assert.Equal(message, response.Message);
    }
}

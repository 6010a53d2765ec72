using CrossAcctApi.Core.Runtime;
using System.Collections.Concurrent;
using System.Net;
using CrossAcctApi.Core.Access;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Http;
using CrossAcctApi.Core.Tests.Http;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi.Core.Tests.Access;

/// <summary>STS as a fake: counts AssumeRole calls per role, refuses the roles it is told to, hands out numbered sessions.</summary>
internal sealed class FakeRoleAssumer : IRoleAssumer
{
    private readonly FakeClock _clock;
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private int _total;

    public FakeRoleAssumer(FakeClock clock) => _clock = clock;

    /// <summary>Role ARNs STS refuses (trust policy), and external ids it wants for a role.</summary>
    public HashSet<string> Untrusted { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> RequiredExternalIds { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, every call waits for it: lets a test hold STS while checks pile up.</summary>
    public TaskCompletionSource<bool>? Gate { get; set; }

    public int Total => Volatile.Read(ref _total);

    public int CallsFor(string roleArn) => _calls.TryGetValue(roleArn, out var n) ? n : 0;

    public async Task<AssumeRoleResult> AssumeRoleAsync(AssumeRoleRequest request, CredentialKeys caller, StsEndpoint endpoint, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _total);
        _calls.AddOrUpdate(request.RoleArn.Arn, 1, (_, v) => v + 1);
        if (Gate != null)
        {
            await Gate.Task.WaitAsync(cancellationToken);
        }

        var caller_ = "arn:aws:iam::222222222222:user/ops-engineer";
        if (Untrusted.Contains(request.RoleArn.Arn))
        {
            throw new AssumeRoleDeniedException("STS refused.", request.RoleArn.Arn, caller_, new[] { AssumeRoleDenialCause.NotTrustedByRole });
        }

        if (RequiredExternalIds.TryGetValue(request.RoleArn.Arn, out var id) && request.ExternalId != id)
        {
            throw new AssumeRoleDeniedException("STS refused: external id.", request.RoleArn.Arn, caller_, new[] { AssumeRoleDenialCause.ExternalIdRequired, AssumeRoleDenialCause.NotTrustedByRole });
        }

        var keys = new CredentialKeys("ASIASESSION" + n.ToString("D9"), "SessionSecret" + n + "/xxxxxxxxxxxxxxxxxxxxxxxx", "SessionToken" + n + "xxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        return new AssumeRoleResult(keys, _clock.UtcNow.UtcDateTime.AddHours(1), "arn:aws:sts::" + request.RoleArn.AccountId + ":assumed-role/" + request.RoleArn.RoleName + "/" + request.RoleSessionName, "AROAEXAMPLE:" + request.RoleSessionName);
    }

    public Task<CallerIdentity> GetCallerIdentityAsync(CredentialKeys caller, StsEndpoint endpoint, CancellationToken cancellationToken) =>
        Task.FromResult(new CallerIdentity("222222222222", "arn:aws:iam::222222222222:user/ops-engineer", "AIDAEXAMPLE"));
}

/// <summary>A checker wired to fakes: the scripted HTTP handler of the pipeline tests and a fake STS behind the real session cache.</summary>
internal sealed class AccessFixture
{
    public const string SourceSecret = "SourceSecretAccessKey/000000000000000000000";
    public const string Invoker = "arn:aws:iam::111111111111:role/CrossAccountInvoker";
    public const string Auditor = "arn:aws:iam::111111111111:role/AuditReader";
    public const string Operator = "arn:aws:iam::111111111111:role/Operator";
    public const string Api = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com";

    public AccessFixture(int retries = 0, AssumedRoleCache? cache = null)
    {
        Pipeline = new PipelineFixture();
        Sts = new FakeRoleAssumer(Pipeline.Clock);
        Cache = cache ?? new AssumedRoleCache(Pipeline.Clock);
        Options = PipelineFixture.Options(retries: retries);
        Provider = Sessions(Sts, Cache, Pipeline.Clock);
        Checker = new CrossAccountAccessChecker(Provider, Pipeline.Client, new HttpClient(Pipeline.Handler), Options);
    }

    public PipelineFixture Pipeline { get; }

    public ScriptedHandler Handler => Pipeline.Handler;

    public FakeRoleAssumer Sts { get; }

    public AssumedRoleCache Cache { get; }

    public ApiCallOptions Options { get; }

    public SourcedRoleSessions Provider { get; }

    /// <summary>Role sessions for the test source, through a role-session provider on <paramref name="sts"/> and <paramref name="cache"/>.</summary>
    public static SourcedRoleSessions Sessions(IRoleAssumer sts, AssumedRoleCache cache, ISystemClock clock) =>
        new SourcedRoleSessions(
            new RoleSessionProvider(() => sts, cache, () => throw new InvalidOperationException("No disk cache in these tests."), clock, "tester"),
            new AwsCredential(new CredentialKeys("AKIASOURCEKEY0000001", SourceSecret), CredentialSource.Object),
            region => StsEndpoint.Resolve(new Uri("https://sts.test.invalid/"), region, _ => null));

    public CrossAccountAccessChecker Checker { get; }

    public AccessTarget Target(string? role, string path, string method = "GET", string? expect = null, string? externalId = null, string? probe = null, string? stage = "prod") =>
        AccessTarget.Create(
            new AccessTargetInput { RoleArn = role, Uri = Api + path, Method = method, Expect = expect, ExternalId = externalId, Probe = probe, Stage = stage },
            Pipeline.Client,
            Options,
            null,
            "tester-20250601T120000Z");

    public async Task<IReadOnlyList<CrossAccountAccessResult>> RunAsync(IReadOnlyList<AccessTarget> targets, int throttle = 4, CancellationToken cancellationToken = default)
    {
        var run = Checker.Start(targets, throttle, cancellationToken);
        return await Task.WhenAll(run.Results);
    }

    public async Task<CrossAccountAccessResult> RunOneAsync(AccessTarget target) => (await RunAsync(new[] { target }))[0];

    public static string Denial(string resource, bool explicitDeny) =>
        Responses.Json("User: arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/tester-20250601T120000Z is not authorized to perform: execute-api:Invoke on resource: "
            + resource + (explicitDeny ? " with an explicit deny" : " because no identity-based policy allows the execute-api:Invoke action"));

    /// <summary>Answers like the seed API: GET is allowed, POST denied, /admin denied explicitly, /missing not found.</summary>
    public static HttpResponseMessage SeedAnswer(ReceivedRequest request)
    {
        var path = request.Uri.AbsolutePath;
        var resource = "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/" + request.Method + path.Substring("/prod".Length);
        if (request.Header("Authorization") is null)
        {
            return Responses.Make(HttpStatusCode.Forbidden, Responses.Json("Missing Authentication Token"), "MissingAuthenticationTokenException");
        }

        if (path.EndsWith("/missing", StringComparison.Ordinal))
        {
            return Responses.Make(HttpStatusCode.NotFound, Responses.Json("Not Found"));
        }

        if (path.Contains("/admin/", StringComparison.Ordinal))
        {
            return Responses.Make(HttpStatusCode.Forbidden, Denial(resource, explicitDeny: true), "AccessDeniedException");
        }

        return request.Method == "GET"
            ? Responses.Make(HttpStatusCode.OK, "{\"path\":\"" + path + "\"}")
            : Responses.Make(HttpStatusCode.Forbidden, Denial(resource, explicitDeny: false), "AccessDeniedException");
    }
}

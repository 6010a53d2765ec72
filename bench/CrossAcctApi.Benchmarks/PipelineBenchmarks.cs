using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Http;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Benchmarks;

/// <summary>
/// The client side of one Invoke-SignedHttpApi call without the network: <see cref="SignedApiClient.Prepare"/> and
/// <see cref="SignedApiClient.SendAsync"/> against an in-memory handler that answers like API Gateway (200, a small
/// JSON body, apigw-requestid). Time and bytes allocated per request are the pipeline's own: checking the request,
/// asking the credential for its keys, signing, building the HttpRequestMessage, reading the answer and the
/// response object. The end-to-end benchmark (bench/Measure-EndToEnd.ps1) adds the loopback network, the sandbox and
/// PowerShell's own costs.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 6, iterationCount: 15)]
public class PipelineBenchmarks
{
    private static readonly Uri Url = new("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items/42");
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"id\":\"42\",\"name\":\"widget\",\"stage\":\"prod\",\"caller\":\"arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/bench\"}");
    private static readonly string Token = "IQoJb3JpZ2luX2VjEOr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD" + new string('A', 600) + "/x+y==";

    private SignedApiClient _client = null!;
    private AwsCredential _credential = null!;
    private PreparedApiCall _call = null!;
    private ApiRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _client = new SignedApiClient(new HttpClient(new GatewayStandIn()) { Timeout = Timeout.InfiniteTimeSpan }, skew: new ClockSkewTracker());
        _credential = new AwsCredential(new CredentialKeys("ASIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Token), CredentialSource.Object, DateTime.UtcNow.AddHours(1));
        _request = new ApiRequest(Url, "GET");
        _call = _client.Prepare(_request);
        if (SendPrepared().StatusCode != 200)
        {
            throw new InvalidOperationException("The in-memory gateway did not answer 200.");
        }
    }

    /// <summary>One call as Invoke-SignedHttpApi makes it per URL: prepare, then send.</summary>
    [Benchmark(Baseline = true)]
    public ApiResponse PrepareAndSend() => _client.SendAsync(_client.Prepare(_request), _credential).GetAwaiter().GetResult();

    /// <summary>Only the send of an already prepared call (a retry, or a caller that prepares once).</summary>
    [Benchmark]
    public ApiResponse SendPrepared() => _client.SendAsync(_call, _credential).GetAwaiter().GetResult();

    /// <summary>Answers every request at once, as API Gateway answers a GET on /items/{id}.</summary>
    private sealed class GatewayStandIn : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new ByteArrayContent(Body) };
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            response.Headers.TryAddWithoutValidation("apigw-requestid", "bench-request-id=");
            return Task.FromResult(response);
        }
    }
}

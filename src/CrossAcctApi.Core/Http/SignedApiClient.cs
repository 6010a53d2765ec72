using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Signing;
using CrossAcctApi.Core.Runtime;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Http
{
    /// <summary>
    /// The request pipeline: check the request, then for each attempt ask the credential for its current keys
    /// (refreshing near expiry), sign with the server's time as far as it is known, send on the shared HttpClient,
    /// and decide: done, retry (429/502/503/504 and connection failures, with backoff and Retry-After), refresh
    /// once (403 expired token), re-sign once with the server's clock (403 signature expired), or give up with a
    /// diagnosis. Thread-safe: one instance serves every call and runspace.
    /// </summary>
    public sealed partial class SignedApiClient
    {
        private static readonly Lazy<SignedApiClient> SharedClient =
            new Lazy<SignedApiClient>(() => new SignedApiClient(SharedHttpClient.Instance), LazyThreadSafetyMode.ExecutionAndPublication);

        private readonly HttpClient _http;
        private readonly SigV4Signer _signer;
        private readonly ISystemClock _clock;
        private readonly IAsyncDelay _delay;
        private readonly IRandomSource _random;
        private readonly string _userAgent;
        private readonly Func<ProxySettings, HttpClient> _proxied;

        public SignedApiClient(
            HttpClient http,
            SigV4Signer? signer = null,
            ISystemClock? clock = null,
            IAsyncDelay? delay = null,
            IRandomSource? random = null,
            ClockSkewTracker? skew = null,
            string? userAgent = null,
            Func<ProxySettings, HttpClient>? proxiedClients = null)
        {
            _http = http ?? throw new ArgumentNullException(nameof(http));
            _proxied = proxiedClients ?? HttpClientPool.For;
            _signer = signer ?? new SigV4Signer();
            _clock = clock ?? SystemClock.Instance;
            _delay = delay ?? TaskDelay.Instance;
            _random = random ?? SharedRandomSource.Instance;
            Skew = skew ?? ClockSkewTracker.Shared;
            _userAgent = userAgent ?? SharedHttpClient.UserAgent;
        }

        /// <summary>The process-wide client on <see cref="SharedHttpClient.Instance"/>, the system clock and the shared skew tracker.</summary>
        public static SignedApiClient Shared => SharedClient.Value;

        public ClockSkewTracker Skew { get; }

        /// <summary>
        /// Checks everything about <paramref name="request"/> that can be checked without keys: URL, region and service,
        /// method, headers (reserved names, CR/LF injection), body rules and size, -OutFile's folder. Throws a
        /// <see cref="CrossAcctApiException"/> with a stable ErrorId; nothing is read from the credential or sent.
        /// </summary>
        public PreparedApiCall Prepare(ApiRequest request, ApiCallOptions? options = null, SignatureOptions? signature = null)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            options ??= ApiCallOptions.Default;
            var method = HttpMethods.Normalize(request.Method);

            // The one reading of the URL every command shares: endpoint, region, service, stage, invoke ARN.
            var target = ApiTarget.Resolve(
                new ApiTargetRequest(request.Uri, method)
                {
                    Stage = request.Stage,
                    Region = request.Region,
                    Service = request.Service,
                    EndpointKind = request.EndpointKind,
                    FunctionArn = request.FunctionArn,
                    ApiIdFromHeaders = request.ApiIdFromHeaders(),
                },
                options.GetEnvironmentVariable);
            var endpoint = target.Endpoint;
            var scope = target.Scope;
            var notes = new List<string>(target.Warnings);

            var body = request.Body;
            if (body != null)
            {
                if (HttpMethods.ForbidsBody(method))
                {
                    throw new CrossAcctApiException(
                        RequestErrors.BodyNotAllowed,
                        FailureKind.InvalidArgument,
                        method + " requests carry no body, but one was given (" + body.Describe() + "). API Gateway and proxies may drop it, and the signature, which covers it, would then fail.",
                        method)
                    {
                        RecommendedAction = "Put the values in the URL's query string instead, or use {@Method} POST (or PUT, PATCH) if the API expects a body.",
                    };
                }

                if (body.Length > RequestErrors.MaxBodyBytes)
                {
                    throw RequestErrors.BodyTooLargeError(body.Length);
                }
            }

            // Signing only (no sending by this client): content headers the caller gave are signed even without a body,
            // since the caller's own client may send them; this client cannot send them without content.
            var signOnly = signature != null;
            OutgoingMessage.Split(request, method, body != null || signOnly, notes, out var requestHeaders, out var contentHeaders, out var signed);

            // FromUri works out the host as sent (port, punycode) and the path and query as sent. The body is hashed
            // once, on first signing, and the hash kept for every retry; a streamed body brings its hash along.
            var toSign = HttpRequestToSign.FromUri(method, endpoint.Uri, signed)
                .WithBody(body?.PrecomputedHash != null ? SignableBody.Precomputed(body.PrecomputedHash) : SignableBody.Bytes(body?.InMemoryBytes));

            TransportChoices.Validate(request);
            var settings = (signature ?? SignatureOptions.Headers).Settings(scope.Region, scope.Service);
            _signer.Validate(toSign, settings);

            var outFile = request.OutFile is null ? null : ResponseBodies.CheckOutFile(request.OutFile);
            var call = new PreparedApiCall(request, target, method, toSign, settings, requestHeaders, contentHeaders, body, outFile, notes);
            RequestLimits.CheckHeaderSize(call, null, _userAgent);
            return call;
        }

        /// <summary>
        /// Signs <paramref name="call"/> without sending it, as it was prepared (headers or presigned URL), with every
        /// value that went into the signature. The time is truncated to the second (<see cref="SigningTime"/>).
        /// </summary>
        public SignedRequest Sign(PreparedApiCall call, CredentialKeys keys, DateTimeOffset signingTime)
        {
            if (call is null)
            {
                throw new ArgumentNullException(nameof(call));
            }

            return _signer.SignRequest(call.ToSign, keys, call.Settings, SigningTime.From(signingTime));
        }

        /// <summary>
        /// Sends <paramref name="call"/> signed with <paramref name="credential"/>, retrying, refreshing and correcting
        /// the clock as needed. Returns the final answer whatever its status (see <see cref="ApiResponse.ToException"/>);
        /// throws <see cref="ApiCallException"/> (Timeout, ConnectionFailed) when no answer came, and the credential's or
        /// the limits' <see cref="CrossAcctApiException"/> when nothing could be sent.
        /// </summary>
        public async Task<ApiResponse> SendAsync(
            PreparedApiCall call,
            AwsCredential credential,
            ApiCallOptions? options = null,
            IApiCallLog? log = null,
            CancellationToken cancellationToken = default)
        {
            if (call is null)
            {
                throw new ArgumentNullException(nameof(call));
            }

            if (credential is null)
            {
                throw new ArgumentNullException(nameof(credential));
            }

            if (call.Settings.Location != SignatureLocation.Header)
            {
                throw SigningErrors.InvalidArgument(
                    SigningErrorIds.UnsupportedSignatureLocation,
                    "This call was prepared for a presigned URL, which is signed to be handed on, not sent from here.",
                    call.Settings.Location,
                    "Prepare the call without presigning to send it.");
            }

            options ??= ApiCallOptions.Default;
            log ??= NullApiCallLog.Instance;
            var facts = new CallFacts
            {
                AccessKeyId = credential.AccessKeyId,
                CredentialDescription = credential.ToString(),
                CredentialAccountId = credential.AccountId,
                CredentialRoleArn = credential.RoleArn,
                CanRefresh = credential.CanRefresh,
                HasSessionToken = credential.HasSessionToken,
                Timeout = options.Timeout,
            };
            var stopwatch = Stopwatch.StartNew();
            log.Verbose(call.Method + " " + call.Endpoint.Uri.AbsoluteUri + ": signing for " + call.Scope.Region + "/" + call.Scope.Service
                + " (region from " + call.Scope.RegionOrigin + ") with " + facts.CredentialDescription + ".");
            foreach (var note in call.Notes)
            {
                log.Verbose(note);
            }

            // What the attempt in flight signed, kept (without a second signature) in case the server answers that it
            // computed another signature; see CanonicalCapture for why it is kept this way.
            using var sent = new CanonicalCapture();
            var attempts = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                attempts++;
                var offset = Skew.OffsetFor(call.Endpoint.Uri);
                var signingTime = SigningTime.From(_clock.UtcNow + offset);
                // Freshness is judged by our clock: a wrong offset (a server whose clock has since been fixed) must not make
                // good keys look expired and stop the very request whose answer measures the offset again.
                var keys = await credential.GetKeysAsync(_clock.UtcNow, cancellationToken).ConfigureAwait(false);
                facts.AccessKeyId = keys.AccessKeyId;
                facts.HasSessionToken = keys.HasSessionToken;
                facts.ClockOffset = offset;
                // One pass per attempt; only -Debug asks it to explain itself (the canonical strings cost a copy).
                var signature = _signer.Sign(call.ToSign, keys, call.Settings, signingTime, log.IsDebugEnabled, sent);
                RequestLimits.CheckHeaderSize(call, signature, _userAgent);
                LogAttempt(log, call, attempts, signature, offset, keys);
                if (signature.IsExplained)
                {
                    log.Debug("Canonical request (session token redacted):\n" + signature.CanonicalRequest + "\nString to sign:\n" + signature.StringToSign);
                }

                var attemptWatch = Stopwatch.StartNew();
                var result = await SendOnceAsync(call, signature, options, cancellationToken).ConfigureAwait(false);
                if (result.TransportError != null)
                {
                    var failure = TransportFailure.Classify(result.TransportError);
                    log.Verbose("Attempt " + attempts + ": " + failure.Description + " after " + Milliseconds(attemptWatch.Elapsed) + ".");
                    if (await RetryAfterTransportFailureAsync(call, options, facts, failure, log, cancellationToken).ConfigureAwait(false))
                    {
                        continue;
                    }

                    throw ApiErrorDiagnoser.ConnectionFailed(call, facts, attempts, failure, result.TransportError);
                }

                if (result.Timeout != null)
                {
                    log.Verbose("Attempt " + attempts + ": no answer within " + Seconds(options.Timeout) + ".");
                    throw ApiErrorDiagnoser.Timeout(call, facts, attempts, result.Timeout);
                }

                using (var response = result.Response!)
                {
                    Skew.Observe(call.Endpoint.Uri, response.Headers.Date);
                    var status = (int)response.StatusCode;
                    var headers = ApiResponse.CopyHeaders(response);
                    var requestId = First(headers, "apigw-requestid") ?? First(headers, "x-amzn-RequestId");
                    log.Verbose("Attempt " + attempts + ": " + status + " " + response.ReasonPhrase + " after " + Milliseconds(attemptWatch.Elapsed)
                        + (requestId is null ? string.Empty : " (request id " + requestId + ")") + ".");

                    if (result.Body is null)
                    {
                        // A success to stream to -OutFile: no attempt timeout now, a large download may take its time.
                        long written;
                        try
                        {
                            written = await ResponseBodies.WriteToFileAsync(response, call.OutFile!, options.OperationTimeout, cancellationToken).ConfigureAwait(false);
                        }
                        catch (TimeoutException stalled)
                        {
                            throw ApiErrorDiagnoser.Timeout(call, facts, attempts, stalled);
                        }

                        log.Verbose("Wrote " + ApiRequestBody.FormatSize(written) + " to " + call.OutFile + ".");
                        return new ApiResponse(call, status, response.ReasonPhrase, headers, null, call.OutFile, written, stopwatch.Elapsed, attempts, call.Target, credential.AccountId, facts);
                    }

                    // An error page may echo the request: the token and this attempt's signature (replayable within its minutes) go.
                    var body = status >= 400 ? ResponseRedaction.Redact(result.Body, keys.SessionToken, signature.Signature) : result.Body;
                    if (status >= 400)
                    {
                        var error = GatewayError.Parse(status, First(headers, "x-amzn-ErrorType"), body);
                        if (await RecoverAsync(call, credential, keys, sent, response, error, facts, log, cancellationToken).ConfigureAwait(false))
                        {
                            continue;
                        }

                        if (RetryTiming.IsRetryableStatus(status)
                            && await RetryAfterAnswerAsync(call, options, facts, status, response, log, cancellationToken).ConfigureAwait(false))
                        {
                            continue;
                        }
                    }

                    return new ApiResponse(call, status, response.ReasonPhrase, headers, body, null, body.Length, stopwatch.Elapsed, attempts, call.Target, credential.AccountId, facts);
                }
            }
        }

        /// <summary>Sign, send and (unless it goes to -OutFile) read the body, all within the attempt's timeout.</summary>
        private async Task<AttemptResult> SendOnceAsync(PreparedApiCall call, SigningOutput signature, ApiCallOptions options, CancellationToken cancellationToken)
        {
            using (var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            using (var message = OutgoingMessage.Build(call, signature))
            {
                attemptCancellation.CancelAfter(options.Timeout);
                HttpResponseMessage? response = null;
                try
                {
                    var http = call.Request.Proxy is null ? _http : _proxied(call.Request.Proxy);
                    response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attemptCancellation.Token).ConfigureAwait(false);
                    var status = (int)response.StatusCode;
                    if (call.OutFile != null && status >= 200 && status <= 299)
                    {
                        return AttemptResult.Answer(response, null);
                    }

                    var body = await ResponseBodies.ReadAsync(response, options.OperationTimeout, attemptCancellation.Token).ConfigureAwait(false);
                    return AttemptResult.Answer(response, body);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    response?.Dispose();
                    return AttemptResult.TimedOut(ex);
                }
                catch (TimeoutException ex)
                {
                    response?.Dispose();
                    return AttemptResult.TimedOut(ex);
                }
                catch (Exception ex) when (ex is HttpRequestException || ex is IOException)
                {
                    response?.Dispose();
                    if (cancellationToken.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(cancellationToken);
                    }

                    // A read cut short by the timeout surfaces as an IOException on some platforms.
                    return attemptCancellation.IsCancellationRequested ? AttemptResult.TimedOut(ex) : AttemptResult.Failed(ex);
                }
            }
        }

        private static void LogAttempt(IApiCallLog log, PreparedApiCall call, int attempt, SigningOutput signature, TimeSpan offset, CredentialKeys keys)
        {
            var text = new StringBuilder("Attempt ").Append(attempt).Append(": signed at ").Append(signature.AmzDate);
            if (offset != TimeSpan.Zero)
            {
                text.Append(" (server clock offset ").Append(offset >= TimeSpan.Zero ? "+" : "-").Append(Seconds(offset.Duration())).Append(')');
            }

            text.Append(" with access key ").Append(keys.AccessKeyId).Append("; signed headers: ").Append(signature.SignedHeaders);
            if (call.Body != null)
            {
                text.Append("; body: ").Append(call.Body.Describe());
            }

            log.Verbose(text.Append('.').ToString());
        }

        private static string? First(IReadOnlyDictionary<string, string[]> headers, string name) =>
            headers.TryGetValue(name, out var values) && values.Length > 0 ? values[0] : null;

        private static string Milliseconds(TimeSpan span) => ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms";

        private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

        private sealed class AttemptResult
        {
            private AttemptResult(HttpResponseMessage? response, byte[]? body, Exception? transportError, Exception? timeout)
            {
                Response = response;
                Body = body;
                TransportError = transportError;
                Timeout = timeout;
            }

            public HttpResponseMessage? Response { get; }

            /// <summary>The buffered body; null for a success that goes to -OutFile.</summary>
            public byte[]? Body { get; }

            public Exception? TransportError { get; }

            public Exception? Timeout { get; }

            public static AttemptResult Answer(HttpResponseMessage response, byte[]? body) => new AttemptResult(response, body, null, null);

            public static AttemptResult Failed(Exception error) => new AttemptResult(null, null, error, null);

            public static AttemptResult TimedOut(Exception error) => new AttemptResult(null, null, null, error);
        }
    }
}

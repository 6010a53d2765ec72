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
    /// <summary>What an attempt's answer leads to: a refresh or re-sign that recovers it, a retry after backoff, or the end.</summary>
    public sealed partial class SignedApiClient
    {
        /// <summary>Refresh once after ExpiredToken, re-sign once after a clock-skew refusal; records what a diagnosis needs.</summary>
        private async Task<bool> RecoverAsync(
            PreparedApiCall call,
            AwsCredential credential,
            CredentialKeys keys,
            CanonicalCapture sent,
            HttpResponseMessage response,
            GatewayError error,
            CallFacts facts,
            IApiCallLog log,
            CancellationToken cancellationToken)
        {
            switch (error.Failure)
            {
                case GatewayFailure.ExpiredToken when credential.CanRefresh && !facts.RefreshAttempted:
                    facts.RefreshAttempted = true;
                    log.Verbose("The server says the session token has expired: refreshing the credential and sending again.");
                    if (await CredentialRenewal.ForceAsync(credential, keys.AccessKeyId, cancellationToken).ConfigureAwait(false))
                    {
                        return true;
                    }

                    log.Verbose("The credential could not be asked to renew (it has no expiry to renew against).");
                    return false;

                case GatewayFailure.SignatureExpired when !facts.SkewCorrected:
                    var serverNow = ClockSkewTracker.ServerTime(response.Headers.Date, error.Message);
                    if (!serverNow.HasValue)
                    {
                        facts.ServerTimeUnknown = true;
                        return false;
                    }

                    var offset = serverNow.Value - _clock.UtcNow;
                    Skew.Record(call.Endpoint.Uri, offset);
                    facts.SkewCorrected = true;
                    facts.ClockOffset = offset;
                    log.Verbose("The server refused the signing time; its clock is " + Seconds(offset.Duration()) + (offset >= TimeSpan.Zero ? " ahead of" : " behind")
                        + " ours (Date header). Signing again with its time, and keeping the offset for later calls to " + call.Endpoint.Uri.Authority + ".");
                    return true;

                case GatewayFailure.SignatureMismatch:
                    // Compared with the canonical request of the refused attempt, as its signing pass recorded it.
                    facts.SignatureReport = SignatureMismatchReport.Create(
                        error.Message, sent.CanonicalRequest().ToString(), sent.StringToSign().ToString(), new SecretRedactor(keys.SessionToken));
                    return false;

                default:
                    return false;
            }
        }

        private async Task<bool> RetryAfterAnswerAsync(
            PreparedApiCall call, ApiCallOptions options, CallFacts facts, int status, HttpResponseMessage response, IApiCallLog log, CancellationToken cancellationToken)
        {
            // 429 says the request was not processed (RFC 6585), so repeating it cannot repeat its effect: any method is
            // retried, as Invoke-RestMethod -MaximumRetryCount does.
            if (status != 429 && !HttpMethods.IsIdempotent(call.Method) && !options.RetryNonIdempotent)
            {
                facts.RetryStoppedBecause = call.Method + " is not retried after an answer, since the server may have processed it";
                return false;
            }

            if (facts.Retries >= options.MaximumRetryCount)
            {
                facts.RetryStoppedBecause = options.MaximumRetryCount == 0 ? "retries are off" : "all " + options.MaximumRetryCount + " retries used";
                return false;
            }

            var retryAfter = RetryTiming.RetryAfter(response.Headers.RetryAfter, _clock.UtcNow);
            if (retryAfter.HasValue && retryAfter.Value > options.MaximumRetryAfter)
            {
                facts.RetryStoppedBecause = "the server asked to wait " + RetryTiming.Describe(retryAfter.Value) + " (Retry-After), longer than the " + RetryTiming.Describe(options.MaximumRetryAfter) + " this client waits";
                return false;
            }

            var wait = retryAfter ?? RetryTiming.Backoff(facts.Retries + 1, options, _random);
            facts.Retries++;
            log.Verbose("Retrying after " + status + " in " + RetryTiming.Describe(wait) + (retryAfter.HasValue ? " (Retry-After)" : " (backoff)")
                + ", retry " + facts.Retries + " of " + options.MaximumRetryCount + ".");
            RetryObservation.Notify(new RetryWait(
                call.Method + " " + call.Endpoint.Uri.AbsoluteUri, status + " " + response.ReasonPhrase, facts.Retries, options.MaximumRetryCount, wait, retryAfter.HasValue));
            await _delay.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
            return true;
        }

        private async Task<bool> RetryAfterTransportFailureAsync(
            PreparedApiCall call, ApiCallOptions options, CallFacts facts, TransportFailure failure, IApiCallLog log, CancellationToken cancellationToken)
        {
            if (!failure.Retryable)
            {
                return false;
            }

            if (!failure.NeverSent && !HttpMethods.IsIdempotent(call.Method) && !options.RetryNonIdempotent)
            {
                facts.RetryStoppedBecause = call.Method + " was not sent again: it may have reached the server before the connection broke.";
                return false;
            }

            if (facts.Retries >= options.MaximumRetryCount)
            {
                return false;
            }

            var wait = RetryTiming.Backoff(facts.Retries + 1, options, _random);
            facts.Retries++;
            log.Verbose("Retrying in " + RetryTiming.Describe(wait) + " (backoff), retry " + facts.Retries + " of " + options.MaximumRetryCount + ".");
            RetryObservation.Notify(new RetryWait(
                call.Method + " " + call.Endpoint.Uri.AbsoluteUri, failure.Description, facts.Retries, options.MaximumRetryCount, wait, serverAskedForDelay: false));
            await _delay.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
            return true;
        }
    }
}

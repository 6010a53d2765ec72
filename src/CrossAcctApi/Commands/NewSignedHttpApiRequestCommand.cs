using System;
using System.Globalization;
using System.Management.Automation;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Http;
using CrossAcctApi.Core.Requests;
using CrossAcctApi.Core.Runtime;

namespace CrossAcctApi
{
    /// <summary>
    /// <para type="synopsis">Signs an HTTP request for an IAM-authorized API Gateway HTTP API with SigV4, without sending it.</para>
    /// <para type="description">
    /// Returns the signed request: its headers (Authorization, X-Amz-Date, X-Amz-Security-Token), or with -Presign a
    /// presigned URL, plus the canonical request and string to sign for debugging signature mismatches. The signature
    /// and session token are redacted in every property; send the request with $r.GetUri() and $r.GetHeaders().
    /// The request is prepared exactly as Invoke-SignedHttpApi prepares what it sends (same URL reading, body bytes,
    /// headers and identity).
    /// </para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "SignedHttpApiRequest", DefaultParameterSetName = CredentialSet)]
    [OutputType(typeof(SignedHttpApiRequest))]
    public sealed class NewSignedHttpApiRequestCommand : SignedRequestCmdlet
    {
        internal const string ExpiresInRequiresPresign = "ExpiresInRequiresPresign";
        internal const string PayloadHashHeaderWithPresign = "PayloadHashHeaderWithPresign";

        private SignatureOptions _signature = SignatureOptions.Headers;
        private DateTimeOffset? _timestamp;

        /// <summary><para type="description">The signing time. Default: now (UTC). Truncated to the second, as SigV4 dates are.</para></summary>
        [Parameter]
        public DateTimeOffset Timestamp { get; set; }

        /// <summary><para type="description">Return a presigned URL (signature in the query string) instead of signed headers.</para></summary>
        [Parameter]
        public SwitchParameter Presign { get; set; }

        /// <summary><para type="description">Lifetime of the presigned URL in seconds, 1 to 604800 (7 days). Default 900. Only with -Presign.</para></summary>
        [Parameter]
        [ValidateRange(1, 604800)]
        public int ExpiresIn { get; set; } = 900;

        /// <summary><para type="description">Also send and sign x-amz-content-sha256 (the body's SHA-256).</para></summary>
        [Parameter]
        public SwitchParameter PayloadHashHeader { get; set; }

        protected override void Begin()
        {
            // Combinations and request-wide arguments are checked once, before any credential is read or refreshed.
            if (MyInvocation.BoundParameters.ContainsKey(nameof(ExpiresIn)) && !Presign.IsPresent)
            {
                ThrowParameterConflict(ExpiresInRequiresPresign, "{@ExpiresIn} sets the lifetime of a presigned URL and needs {@Presign}.", ExpiresIn, "Add -Presign, or leave out -ExpiresIn.");
            }

            if (Presign.IsPresent && PayloadHashHeader.IsPresent)
            {
                ThrowParameterConflict(PayloadHashHeaderWithPresign, "{@PayloadHashHeader} adds an x-amz-content-sha256 header, which a presigned URL cannot carry.", null, "Leave out -PayloadHashHeader with -Presign.");
            }

            base.Begin();
            _signature = new SignatureOptions { Presign = Presign.IsPresent, ExpiresIn = TimeSpan.FromSeconds(ExpiresIn), PayloadHashHeader = PayloadHashHeader.IsPresent };
            _timestamp = MyInvocation.BoundParameters.ContainsKey(nameof(Timestamp)) ? Core.Signing.SigningTime.From(Timestamp) : (DateTimeOffset?)null;
        }

        protected override void Process()
        {
            if (CommandLineCredentialError != null)
            {
                // One error per input, not one per URL: the credential is the same for all of them.
                throw CommandLineCredentialError;
            }

            foreach (var uri in Uri)
            {
                try
                {
                    var signed = SignOne(uri);
                    if (signed != null)
                    {
                        WriteObject(signed);
                    }
                }
                catch (Core.CrossAcctApiException error)
                {
                    // One bad input (a URL from a CSV row, a piped credential) is reported, and the rest go on.
                    WriteFailure(error, uri);
                }
            }
        }

        private SignedHttpApiRequest? SignOne(Uri uri)
        {
            var request = BuildRequest(uri);
            var call = ModuleEngine.Client.Prepare(request, null, _signature);
            foreach (var note in call.Notes)
            {
                WriteWarning(note);
            }

            // Only now, with everything else valid, are the keys read (which may refresh the credential or assume a role).
            var credential = SigningCredential(call.Scope.Region);
            if (credential is null)
            {
                return null;
            }

            var signingTime = _timestamp ?? Core.Signing.SigningTime.From(SystemClock.Instance.UtcNow);
            var keys = Wait(credential.GetKeysAsync(signingTime, StopToken));
            var signed = ModuleEngine.Client.Sign(call, keys, signingTime);
            var redactor = new SecretRedactor(keys.SessionToken, signed.Signature);
            var url = signed.Url ?? throw new InvalidOperationException("A prepared request always has a URL.");
            DateTimeOffset? expiresAt = Presign.IsPresent ? signed.SigningTime + TimeSpan.FromSeconds(ExpiresIn) : (DateTimeOffset?)null;
            var result = new SignedHttpApiRequest(signed, url, keys.AccessKeyId, request.Body?.InMemoryBytes, expiresAt, redactor);

            WriteVerbose("Signed " + result.Method + " " + result.Uri + " for " + call.Scope.Region + "/" + call.Scope.Service + " (region from " + call.Scope.RegionOrigin + ") at " + Utc(result.SigningTime) + ".");
            WriteVerbose((Presign.IsPresent ? "Presigned URL, valid until " + Utc(result.ExpiresAt!.Value) + "; signed headers: " : "Signed headers: ") + result.SignedHeaders);
            WriteDebug("Canonical request (session token redacted):\n" + result.CanonicalRequest);
            WriteDebug("String to sign:\n" + result.StringToSign);
            return result;
        }

        private static string Utc(DateTimeOffset time) => time.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
    }
}

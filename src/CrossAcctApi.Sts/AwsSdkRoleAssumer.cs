using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Credentials;
using SdkAssumeRoleRequest = Amazon.SecurityToken.Model.AssumeRoleRequest;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi.Sts
{
    /// <summary>
    /// <see cref="IRoleAssumer"/> with the AWS SDK: maps the module's request to the SDK's, retries throttling and
    /// server errors, and turns every failure into a <see cref="CrossAcctApiException"/> (an AccessDenied into an
    /// <see cref="AssumeRoleDeniedException"/> that names the caller, the role and the likely cause).
    /// </summary>
    internal sealed class AwsSdkRoleAssumer : IRoleAssumer
    {
        private readonly StsClientFactory _clients;
        private readonly StsRetryPolicy _retry;
        private readonly AccessDeniedDiagnosis _diagnosis;

        public AwsSdkRoleAssumer(StsClientFactory clients, StsRetryPolicy retry)
        {
            _clients = clients;
            _retry = retry;
            _diagnosis = new AccessDeniedDiagnosis(TryGetCallerArnAsync);
        }

        public async Task<AssumeRoleResult> AssumeRoleAsync(Core.Sts.AssumeRoleRequest request, CredentialKeys caller, StsEndpoint endpoint, CancellationToken cancellationToken)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var (result, retries) = await _retry.ExecuteAsync(token => AssumeOnceAsync(request, caller, endpoint, token), cancellationToken, "AssumeRole " + request.RoleArn).ConfigureAwait(false);
            result.Retries = retries;

            // A note in memory, no STS call: a successful path costs exactly the one AssumeRole. Who the caller is
            // gets worked out only if a refusal has to be explained (AccessDeniedDiagnosis).
            _diagnosis.RecordSuccess(request, caller, endpoint, result);
            return result;
        }

        public async Task<CallerIdentity> GetCallerIdentityAsync(CredentialKeys caller, StsEndpoint endpoint, CancellationToken cancellationToken)
        {
            var (identity, _) = await _retry.ExecuteAsync(token => GetCallerIdentityOnceAsync(caller, endpoint, token), cancellationToken, "GetCallerIdentity").ConfigureAwait(false);
            return identity;
        }

        private async Task<AssumeRoleResult> AssumeOnceAsync(Core.Sts.AssumeRoleRequest request, CredentialKeys caller, StsEndpoint endpoint, CancellationToken cancellationToken)
        {
            try
            {
                using (AmazonSecurityTokenServiceClient client = _clients.Create(caller, endpoint))
                {
                    AssumeRoleResponse response = await client.AssumeRoleAsync(ToSdk(request), cancellationToken).ConfigureAwait(false);
                    Credentials credentials = response.Credentials
                        ?? throw new CrossAcctApiException(StsErrorIds.StsCallFailed, FailureKind.ProtocolError, "STS at " + endpoint.Uri + " answered AssumeRole without credentials.", request.RoleArn.Arn);
                    return new AssumeRoleResult(
                        new CredentialKeys(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
                        DateTime.SpecifyKind((credentials.Expiration ?? DateTime.UtcNow).ToUniversalTime(), DateTimeKind.Utc),
                        response.AssumedRoleUser?.Arn ?? string.Empty,
                        response.AssumedRoleUser?.AssumedRoleId ?? string.Empty,
                        response.SourceIdentity);
                }
            }
            catch (AmazonServiceException error) when (error.ErrorCode == "AccessDenied" && !cancellationToken.IsCancellationRequested)
            {
                throw await DiagnoseAsync(error, request, caller, endpoint, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (!(error is CrossAcctApiException) && !cancellationToken.IsCancellationRequested)
            {
                throw StsErrorTranslator.Translate(error, "AssumeRole", endpoint, request.RoleArn.Arn, cancellationToken);
            }
        }

        private async Task<CallerIdentity> GetCallerIdentityOnceAsync(CredentialKeys caller, StsEndpoint endpoint, CancellationToken cancellationToken)
        {
            try
            {
                using (AmazonSecurityTokenServiceClient client = _clients.Create(caller, endpoint))
                {
                    GetCallerIdentityResponse response = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false);
                    return new CallerIdentity(response.Account ?? string.Empty, response.Arn ?? string.Empty, response.UserId ?? string.Empty);
                }
            }
            catch (Exception error) when (!(error is CrossAcctApiException) && !cancellationToken.IsCancellationRequested)
            {
                throw StsErrorTranslator.Translate(error, "GetCallerIdentity", endpoint, null, cancellationToken);
            }
        }

        private Task<AssumeRoleDeniedException> DiagnoseAsync(AmazonServiceException error, Core.Sts.AssumeRoleRequest request, CredentialKeys caller, StsEndpoint endpoint, CancellationToken cancellationToken) =>
            _diagnosis.DiagnoseAsync(StsErrorTranslator.OneLine(error.Message), error.RequestId, request, caller, endpoint, error, cancellationToken);

        /// <summary>Best effort: who the keys belong to, or null (a diagnosis must not fail for want of it).</summary>
        private async Task<string?> TryGetCallerArnAsync(CredentialKeys caller, StsEndpoint endpoint, CancellationToken cancellationToken)
        {
            try
            {
                string arn = (await GetCallerIdentityOnceAsync(caller, endpoint, cancellationToken).ConfigureAwait(false)).Arn;
                return arn.Length > 0 ? arn : null;
            }
            catch (CrossAcctApiException)
            {
                return null;
            }
        }

        private static SdkAssumeRoleRequest ToSdk(Core.Sts.AssumeRoleRequest request)
        {
            var sdk = new SdkAssumeRoleRequest
            {
                RoleArn = request.RoleArn.Arn,
                RoleSessionName = request.RoleSessionName,
                DurationSeconds = request.DurationSeconds,
                ExternalId = request.ExternalId,
                SerialNumber = request.SerialNumber,
                TokenCode = request.TokenCode,
                Policy = request.Policy,
                SourceIdentity = request.SourceIdentity,
            };
            if (request.PolicyArns.Count > 0)
            {
                sdk.PolicyArns = request.PolicyArns.Select(arn => new PolicyDescriptorType { Arn = arn }).ToList();
            }

            if (request.Tags.Count > 0)
            {
                sdk.Tags = request.Tags.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList();
            }

            if (request.TransitiveTagKeys.Count > 0)
            {
                sdk.TransitiveTagKeys = request.TransitiveTagKeys.ToList();
            }

            return sdk;
        }
    }
}

using System;
using Amazon.Runtime;
using Amazon.SecurityToken;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi.Sts
{
    /// <summary>
    /// Makes AWS SDK STS clients for one endpoint and one set of keys. The endpoint has already been chosen (by
    /// <see cref="StsEndpoint.Resolve"/>), so the SDK is told not to look at endpoint settings of its own; its
    /// retries are off because <see cref="StsRetryPolicy"/> retries.
    /// </summary>
    internal sealed class StsClientFactory
    {
        public StsClientFactory(TimeSpan? timeout = null)
        {
            Timeout = timeout ?? TimeSpan.FromSeconds(30);
        }

        public TimeSpan Timeout { get; }

        public AmazonSecurityTokenServiceClient Create(CredentialKeys keys, StsEndpoint endpoint)
        {
            AWSCredentials credentials = keys.HasSessionToken
                ? new SessionAWSCredentials(keys.AccessKeyId, keys.SecretAccessKey, keys.SessionToken)
                : (AWSCredentials)new BasicAWSCredentials(keys.AccessKeyId, keys.SecretAccessKey);
            var config = new AmazonSecurityTokenServiceConfig
            {
                ServiceURL = endpoint.Uri.AbsoluteUri,
                AuthenticationRegion = endpoint.SigningRegion,
                IgnoreConfiguredEndpointUrls = true,
                MaxErrorRetry = 0,
                ThrottleRetries = false,
                Timeout = Timeout,
                DisableLogging = true,
            };
            return new AmazonSecurityTokenServiceClient(credentials, config);
        }
    }
}

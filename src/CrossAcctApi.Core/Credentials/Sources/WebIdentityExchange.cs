using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;
using System.Xml.Linq;
using CrossAcctApi.Core.Credentials.Profiles;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi.Core.Credentials.Sources
{
    /// <summary>
    /// STS AssumeRoleWithWebIdentity: the token (read again from its file at every renewal, as CI systems rotate it)
    /// is the authentication, so the call is not signed. STS's refusals keep their meaning: AccessDenied is
    /// <c>AssumeRoleAccessDenied</c>, a refused or expired token <c>WebIdentityTokenRejected</c>.
    /// </summary>
    internal sealed class WebIdentityExchange
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
        private readonly HttpClient _http;

        public WebIdentityExchange(HttpClient http) => _http = http;

        public static string ReadTokenFile(string path)
        {
            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception error) when (error is IOException || error is UnauthorizedAccessException || error is ArgumentException || error is NotSupportedException)
            {
                throw new CrossAcctApiException(ProfileErrors.WebIdentityTokenUnreadable, FailureKind.ObjectNotFound, "The web identity token file " + path + " cannot be read: " + error.Message, path, error)
                {
                    RecommendedAction = "Check web_identity_token_file / AWS_WEB_IDENTITY_TOKEN_FILE (or {@WebIdentityTokenFile}): the CI job writes the token there.",
                };
            }
        }

        public async Task<FetchedCredential> AssumeAsync(string roleArn, string sessionName, string token, int? durationSeconds, StsEndpoint endpoint, CancellationToken cancellationToken)
        {
            var form = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("Action", "AssumeRoleWithWebIdentity"),
                new KeyValuePair<string, string>("Version", "2011-06-15"),
                new KeyValuePair<string, string>("RoleArn", roleArn),
                new KeyValuePair<string, string>("RoleSessionName", sessionName),
                new KeyValuePair<string, string>("WebIdentityToken", token),
            };
            if (durationSeconds.HasValue)
            {
                form.Add(new KeyValuePair<string, string>("DurationSeconds", durationSeconds.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Uri) { Content = new FormUrlEncodedContent(form) };
            var (status, body) = await SourceHttp.SendAsync(_http, request, Timeout, "STS at " + endpoint.Uri, cancellationToken).ConfigureAwait(false);
            XElement root;
            try
            {
                root = XDocument.Parse(body).Root!;
            }
            catch (XmlException)
            {
                throw new CrossAcctApiException(StsErrorIds.StsCallFailed, FailureKind.ProtocolError, "STS at " + endpoint.Uri + " answered AssumeRoleWithWebIdentity with HTTP " + status + " and no XML.", roleArn);
            }

            string? Find(XElement scope, string name) => scope.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
            if (status != 200)
            {
                throw Refused(Find(root, "Code") ?? "HTTP " + status, Find(root, "Message") ?? string.Empty, roleArn, endpoint);
            }

            var credentials = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "Credentials")
                ?? throw new CrossAcctApiException(StsErrorIds.StsCallFailed, FailureKind.ProtocolError, "STS at " + endpoint.Uri + " answered AssumeRoleWithWebIdentity without credentials.", roleArn);
            var assumed = Find(root, "Arn");
            var expiration = DateTime.Parse(Find(credentials, "Expiration")!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
            var identity = new CredentialIdentity(roleArn: roleArn, assumedRoleArn: assumed, assumedRoleId: Find(root, "AssumedRoleId"), sessionName: sessionName, accountId: Arns.RoleArn.Parse(roleArn).AccountId);
            return new FetchedCredential(new CredentialKeys(Find(credentials, "AccessKeyId")!, Find(credentials, "SecretAccessKey")!, Find(credentials, "SessionToken")), expiration, identity);
        }

        private static CrossAcctApiException Refused(string code, string message, string roleArn, StsEndpoint endpoint)
        {
            var text = "STS refused AssumeRoleWithWebIdentity for " + roleArn + " at " + endpoint.Uri + ": " + code + ": " + message;
            switch (code)
            {
                case "AccessDenied":
                    return new CrossAcctApiException(StsErrorIds.AssumeRoleAccessDenied, FailureKind.PermissionDenied, text, roleArn)
                    {
                        RecommendedAction = "The role's trust policy must allow sts:AssumeRoleWithWebIdentity for the token's provider, with conditions matching its aud and sub claims.",
                    };
                case "InvalidIdentityToken":
                case "ExpiredTokenException":
                case "IDPRejectedClaim":
                case "IDPCommunicationError":
                    return new CrossAcctApiException(ProfileErrors.WebIdentityTokenRejected, FailureKind.AuthenticationError, text, roleArn)
                    {
                        RecommendedAction = "Get a fresh token from the identity provider (the CI job's OIDC token), and check that the account has an OIDC provider for its issuer and audience.",
                    };
                default:
                    return new CrossAcctApiException(StsErrorIds.StsInvalidRequest, FailureKind.InvalidArgument, text, roleArn)
                    {
                        RecommendedAction = "Check the role ARN, session name and duration.",
                    };
            }
        }
    }
}

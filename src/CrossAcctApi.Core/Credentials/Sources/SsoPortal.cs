using System;
using System.IO;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Credentials.Profiles;

namespace CrossAcctApi.Core.Credentials.Sources
{
    /// <summary>
    /// IAM Identity Center role credentials from the token `aws sso login` cached: ~/.aws/sso/cache/&lt;SHA-1 of the
    /// sso_session name, or of the start URL for a legacy profile&gt;.json (botocore's SSOTokenLoader), then the portal's
    /// GetRoleCredentials (AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL, else portal.sso.&lt;sso_region&gt;.amazonaws.com). A missing
    /// or expired token is <c>SsoLoginRequired</c> naming the aws sso login command that fixes it.
    /// </summary>
    internal sealed class SsoPortal
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
        private readonly HttpClient _http;
        private readonly Func<string, string?> _environment;
        private readonly Func<DateTimeOffset> _now;

        public SsoPortal(HttpClient http, Func<string, string?> environment, Func<DateTimeOffset> now)
        {
            _http = http;
            _environment = environment;
            _now = now;
        }

        public async Task<FetchedCredential> GetRoleCredentialsAsync(ProfileSource source, CancellationToken cancellationToken)
        {
            var token = ReadToken(source);
            var portal = _environment("AWS_ENDPOINT_URL_SSO") ?? _environment("AWS_ENDPOINT_URL");
            var root = string.IsNullOrEmpty(portal) ? "https://portal.sso." + source.SsoRegion + ".amazonaws.com" : portal!.TrimEnd('/');
            var request = new HttpRequestMessage(HttpMethod.Get, root + "/federation/credentials?role_name=" + Uri.EscapeDataString(source.SsoRoleName!) + "&account_id=" + Uri.EscapeDataString(source.SsoAccountId!));
            request.Headers.TryAddWithoutValidation("x-amz-sso_bearer_token", token);
            var name = "the SSO portal (" + root + ")";
            var (status, body) = await SourceHttp.SendAsync(_http, request, Timeout, name, cancellationToken).ConfigureAwait(false);
            if (status == 401)
            {
                throw LoginRequired(source, "the SSO portal refused the cached token (it was revoked or has expired)");
            }

            if (status != 200)
            {
                throw SourceHttp.Unavailable(name + " refused GetRoleCredentials for " + source.SsoAccountId + "/" + source.SsoRoleName + " (HTTP " + status + ": " + (body.Length > 200 ? body.Substring(0, 200) : body) + ").", name, null);
            }

            using (var json = JsonDocument.Parse(body))
            {
                var credentials = json.RootElement.GetProperty("roleCredentials");
                var expiration = DateTimeOffset.FromUnixTimeMilliseconds(credentials.GetProperty("expiration").GetInt64()).UtcDateTime;
                var keys = new CredentialKeys(credentials.GetProperty("accessKeyId").GetString()!, credentials.GetProperty("secretAccessKey").GetString()!, credentials.GetProperty("sessionToken").GetString());
                return new FetchedCredential(keys, expiration);
            }
        }

        private string ReadToken(ProfileSource source)
        {
            var key = source.SsoSession ?? source.SsoStartUrl!;
            string hash;
            using (var sha1 = SHA1.Create())
            {
                hash = BitConverter.ToString(sha1.ComputeHash(Encoding.UTF8.GetBytes(key))).Replace("-", string.Empty).ToLowerInvariant();
            }

            var path = Path.Combine(SharedConfig.HomeDirectory(_environment), ".aws", "sso", "cache", hash + ".json");
            if (!File.Exists(path))
            {
                throw LoginRequired(source, "there is no cached SSO token (" + path + ")");
            }

            try
            {
                using (var json = JsonDocument.Parse(File.ReadAllText(path)))
                {
                    var token = json.RootElement.GetProperty("accessToken").GetString();
                    var expiresAt = DateTimeOffset.Parse(json.RootElement.GetProperty("expiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
                    if (string.IsNullOrEmpty(token) || expiresAt <= _now())
                    {
                        throw LoginRequired(source, "the cached SSO token expired at " + expiresAt.UtcDateTime.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
                    }

                    return token!;
                }
            }
            catch (Exception error) when (error is JsonException || error is System.Collections.Generic.KeyNotFoundException || error is FormatException || error is IOException || error is InvalidOperationException)
            {
                throw LoginRequired(source, "the cached SSO token " + path + " cannot be read (" + error.GetType().Name + ")");
            }
        }

        private static CrossAcctApiException LoginRequired(ProfileSource source, string why)
        {
            var command = source.SsoSession != null ? "aws sso login --sso-session " + source.SsoSession : "aws sso login --profile " + source.ProfileName;
            return new CrossAcctApiException(ProfileErrors.SsoLoginRequired, FailureKind.AuthenticationError, "Profile '" + source.ProfileName + "' uses SSO, but " + why + ": run " + command + ".", source.ProfileName)
            {
                RecommendedAction = "Run " + command + ", then try again.",
            };
        }
    }
}

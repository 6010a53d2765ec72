using System;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace CrossAcctApi.Core.Credentials.Sources
{
    /// <summary>
    /// Container credentials (ECS, EKS Pod Identity) and EC2 instance metadata (IMDSv2), read as botocore reads them:
    /// AWS_CONTAINER_CREDENTIALS_FULL_URI (loopback or https only) or _RELATIVE_URI on 169.254.170.2, with
    /// AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE); IMDS at AWS_EC2_METADATA_SERVICE_ENDPOINT or 169.254.169.254 with a
    /// session token. Timeouts are botocore's (2 s container, 1 s IMDS), so a laptop without them fails at once.
    /// </summary>
    internal sealed class MetadataCredentials
    {
        public const string ContainerName = "container credentials (AWS_CONTAINER_CREDENTIALS_FULL_URI / _RELATIVE_URI)";
        public const string InstanceName = "EC2 instance metadata (IMDS)";
        private static readonly TimeSpan ContainerTimeout = TimeSpan.FromSeconds(2);
        private static readonly TimeSpan InstanceTimeout = TimeSpan.FromSeconds(1);

        private readonly HttpClient _http;
        private readonly Func<string, string?> _environment;

        public MetadataCredentials(HttpClient http, Func<string, string?> environment)
        {
            _http = http;
            _environment = environment;
        }

        public async Task<FetchedCredential> ContainerAsync(CancellationToken cancellationToken)
        {
            var relative = _environment("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
            var full = _environment("AWS_CONTAINER_CREDENTIALS_FULL_URI");
            Uri? uri = !string.IsNullOrEmpty(relative) ? new Uri("http://169.254.170.2" + relative)
                : Uri.TryCreate(full, UriKind.Absolute, out var parsed) ? parsed : null;
            if (uri is null)
            {
                throw SourceHttp.Unavailable(ContainerName + " are not configured: neither variable holds a URL.", ContainerName, null);
            }

            if (string.IsNullOrEmpty(relative) && uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback && uri.Host != "169.254.170.2" && uri.Host != "169.254.170.23")
            {
                throw SourceHttp.Unavailable("AWS_CONTAINER_CREDENTIALS_FULL_URI must be https or a loopback/ECS/EKS address; got host " + uri.Host + ".", ContainerName, null);
            }

            var request = new HttpRequestMessage(HttpMethod.Get, uri);
            var token = _environment("AWS_CONTAINER_AUTHORIZATION_TOKEN");
            var tokenFile = _environment("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
            if (!string.IsNullOrEmpty(tokenFile))
            {
                token = File.ReadAllText(tokenFile).Trim();
            }

            if (!string.IsNullOrEmpty(token))
            {
                request.Headers.TryAddWithoutValidation("Authorization", token);
            }

            var (status, body) = await SourceHttp.SendAsync(_http, request, ContainerTimeout, ContainerName, cancellationToken).ConfigureAwait(false);
            if (status != 200)
            {
                throw SourceHttp.Unavailable(ContainerName + " answered HTTP " + status + ": " + Shorten(body), ContainerName, null);
            }

            return Parse(body, "Token", ContainerName);
        }

        public async Task<FetchedCredential> InstanceAsync(CancellationToken cancellationToken)
        {
            var configured = _environment("AWS_EC2_METADATA_SERVICE_ENDPOINT");
            var root = new Uri(string.IsNullOrEmpty(configured) ? "http://169.254.169.254/" : configured!.TrimEnd('/') + "/");
            var tokenRequest = new HttpRequestMessage(HttpMethod.Put, new Uri(root, "latest/api/token"));
            tokenRequest.Headers.TryAddWithoutValidation("X-aws-ec2-metadata-token-ttl-seconds", "21600");
            var (tokenStatus, token) = await SourceHttp.SendAsync(_http, tokenRequest, InstanceTimeout, InstanceName, cancellationToken).ConfigureAwait(false);
            if (tokenStatus != 200)
            {
                throw SourceHttp.Unavailable(InstanceName + " refused a session token (HTTP " + tokenStatus + ").", InstanceName, null);
            }

            var role = (await GetAsync(new Uri(root, "latest/meta-data/iam/security-credentials/"), token, cancellationToken).ConfigureAwait(false)).Trim();
            if (role.Length == 0)
            {
                throw SourceHttp.Unavailable(InstanceName + " has no IAM role attached to the instance.", InstanceName, null);
            }

            var document = await GetAsync(new Uri(root, "latest/meta-data/iam/security-credentials/" + Uri.EscapeDataString(role.Split('\n')[0].Trim())), token, cancellationToken).ConfigureAwait(false);
            return Parse(document, "Token", InstanceName);
        }

        private async Task<string> GetAsync(Uri uri, string token, CancellationToken cancellationToken)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.TryAddWithoutValidation("X-aws-ec2-metadata-token", token);
            var (status, body) = await SourceHttp.SendAsync(_http, request, InstanceTimeout, InstanceName, cancellationToken).ConfigureAwait(false);
            if (status != 200)
            {
                throw SourceHttp.Unavailable(InstanceName + " answered HTTP " + status + " for " + uri.AbsolutePath + (body.Length > 0 ? ": " + Shorten(body) : "."), InstanceName, null);
            }

            return body;
        }

        internal static FetchedCredential Parse(string body, string tokenName, string sourceName)
        {
            try
            {
                using (var json = JsonDocument.Parse(body))
                {
                    var root = json.RootElement;
                    string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                    var access = Text("AccessKeyId");
                    var secret = Text("SecretAccessKey");
                    if (string.IsNullOrEmpty(access) || string.IsNullOrEmpty(secret))
                    {
                        throw SourceHttp.Unavailable(sourceName + " answered without AccessKeyId and SecretAccessKey" + (Text("Code") is string code ? " (Code " + code + ": " + Shorten(Text("Message") ?? string.Empty) + ")" : string.Empty) + ".", sourceName, null);
                    }

                    DateTime? expiration = DateTime.TryParse(Text("Expiration"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var e) ? e : (DateTime?)null;
                    return new FetchedCredential(new CredentialKeys(access!, secret!, Text(tokenName)), expiration);
                }
            }
            catch (JsonException)
            {
                throw SourceHttp.Unavailable(sourceName + " answered with something that is not JSON.", sourceName, null);
            }
        }

        private static string Shorten(string text) => text.Length > 200 ? text.Substring(0, 200) + "..." : text.Replace("\n", " ");
    }
}

using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Signing;
using CsCheck;
using Xunit;

namespace CrossAcctApi.Core.Tests.Signing;

/// <summary>
/// Generated requests signed by our signer and by the AWS SDK's public signer
/// (<see cref="AWSSigV4Signer"/>, AWSSDK.Core 4.x) must carry the same signature.
/// <para>
/// Fixed time: the SDK's <see cref="AWSSigV4Parameters.SignedAt"/> is a public, documented input that replaces its
/// clock-skew-corrected "now", so no clock seam or global clock correction is needed.
/// </para>
/// <para>
/// Where the SDK and the SigV4 test suite / our brief deliberately differ, the generators stay on common ground:
/// no empty path segments (the SDK does not collapse "//", the suite's normalising cases do), no hop-by-hop headers
/// (connection, expect, te, keep-alive, proxy-connection, upgrade: the SDK signs them, we must not), and
/// x-amz-content-sha256 is always sent (the SDK always adds it: PayloadHashHeader = true), and query pairs whose
/// order differs between their decoded and encoded forms are left out: the SDK sorts decoded names and values,
/// while SigV4 sorts the encoded ones (suite case get-vanilla-query-order-encoded: "%E1%88%B4" before "Param").
/// Header values never start with a tab: the SDK's AWSSDKUtils.CompressSpaces fast path then returns the value
/// uncompressed (its first-run index is -1, its "nothing to do" marker), so inner runs stay as they are.
/// </para>
/// </summary>
public sealed class SdkDifferentialTests
{
    // 1,600 by default (about a second; ~1,280 Authorization headers and ~320 presigned URLs);
    // CROSSACCTAPI_DIFFERENTIAL_ITERATIONS raises it for a longer soak.
    private static readonly int Iterations =
        int.TryParse(Environment.GetEnvironmentVariable("CROSSACCTAPI_DIFFERENTIAL_ITERATIONS"), out var n) && n > 1600 ? n : 1600;

    private static readonly string[] Methods = { "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS" };
    private static readonly string[] Regions = { "us-east-1", "eu-west-2", "ap-southeast-2", "sa-east-1", "us-gov-west-1" };
    private static readonly string[] Services = { "execute-api", "execute-api", "execute-api", "lambda", "es" };

    // Path segments and query keys/values, as decoded text: reserved characters, unicode (BMP and not), and dots.
    private const string Alphabet = "abcXYZ019-._~ !$&'()*+,;=:@/%?#\u1234\u00e9";
    private static readonly Gen<string> Text = Gen.Frequency(
        (3, Gen.OneOf("prod", "items", "a b", "it's", "x+y", "C++", "a/b", "\u1234", "\U0001F600", "100%", "~-._", "(x)", "k=v", "q?", "#frag", "\u00dcn\u00efc\u00f6d\u00e9", "a\\b", "...", ".x", "%41", "%zz")),
        (2, Gen.Char[Alphabet].Array[1, 8].Select(chars => new string(chars))));

    private static readonly Gen<string> Segment = Gen.Frequency((6, Text), (1, Gen.OneOf(".", "..")));

    private static readonly Gen<string> HeaderName = Gen.OneOf(
        "X-Custom", "x-amz-meta-Thing", "Content-Type", "Accept", "X-Api-Key", "If-Match", "X-Request-Id", "User-Agent", "X-Amzn-Trace-Id", "Cache-Control");

    // Runs of spaces and tabs, leading and trailing blanks, non-ASCII, empty.
    private static readonly Gen<string> HeaderValue = Gen.Char["ab1 \t,;=\"/\u00e9"].Array[0, 16]
        .Select(chars => new string(chars))
        .Select(value => value.StartsWith('\t') ? "x" + value : value);

    private static readonly Gen<DifferentialCase> Cases =
        from method in Gen.OneOf(Methods)
        from region in Gen.OneOf(Regions)
        from service in Gen.OneOf(Services)
        from port in Gen.OneOf(0, 0, 0, 8443)
        from segments in Segment.Array[0, 5]
        from trailingSlash in Gen.Bool
        from rawPathChars in Gen.Bool
        from query in Gen.Select(Gen.OneOf("a", "b", "A", "k e y", "x+y", "\u1234", "=", "", "X-Custom"), Text.Frequency(), Gen.Int[0, 3]).Array[0, 5]
        from queryStyle in Gen.Int[0, 3]
        from headerNames in HeaderName.Array[0, 4]
        from headerValues in HeaderValue.Array[4]
        from headerCase in Gen.Int[0, 2]
        from body in Gen.Frequency((2, Gen.Const<byte[]?>((byte[]?)null)), (1, Gen.Const<byte[]?>(Array.Empty<byte>())), (3, Gen.Byte.Array[1, 1500].Select(b => (byte[]?)b)))
        from withToken in Gen.Bool
        from signPayload in Gen.Frequency((4, Gen.Const(true)), (1, Gen.Const(false)))
        from presign in Gen.Frequency((4, Gen.Const(false)), (1, Gen.Const(true)))
        from seconds in Gen.Long[946684800L, 4102444799L]
        from keyId in Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"].Array[16].Select(c => "AKIA" + new string(c))
        from secret in Gen.Char["ABCxyz0189+/="].Array[40].Select(c => new string(c))
        select new DifferentialCase(
            method, region, service, port, segments, trailingSlash, rawPathChars, query, queryStyle,
            Unique(headerNames).Select((n, i) => new KeyValuePair<string, string>(Recase(n, headerCase), headerValues[i])).ToList(),
            presign ? null : body, withToken, presign || signPayload, presign,
            DateTimeOffset.FromUnixTimeSeconds(seconds), keyId, secret) into generated
        where generated.EncodedAndDecodedQueryOrdersAgree()
        select generated;

    [Fact]
    public void Signatures_match_the_AWS_SDK_for_generated_requests()
    {
        var signer = new SigV4Signer(new SigningKeyCache(8));
        var compared = 0;
        var presigned = 0;
        Cases.Sample(
            c =>
            {
                var (ours, sdk) = c.Presign ? PresignBoth(signer, c) : SignBoth(signer, c);
                Assert.Equal(sdk, ours);
                Interlocked.Increment(ref compared);
                if (c.Presign)
                {
                    Interlocked.Increment(ref presigned);
                }
            },
            iter: Iterations,
            print: c => c.ToString());

        Assert.True(compared - presigned >= 1000, $"only {compared - presigned} Authorization headers were compared");
        Assert.True(presigned >= 100, $"only {presigned} presigned URLs were compared");
    }

    private static (string Ours, string Sdk) SignBoth(SigV4Signer signer, DifferentialCase c)
    {
        var sdkRequest = c.SdkRequest();
        var sdk = AWSSigV4Signer.Sign(sdkRequest, c.SdkParameters()).Headers["Authorization"];

        var settings = new SigningSettings(c.Region, c.Service) { PayloadHashHeader = true };
        var request = c.SignPayload ? c.OurRequest() : c.OurRequest().WithBody(SignableBody.UnsignedPayload);
        var ours = signer.Sign(request, c.Keys(), settings, c.Time).Authorization!;

        // The full path must agree with the hot path.
        Assert.Equal(ours, signer.SignRequest(request, c.Keys(), settings, c.Time).Headers.Single(h => h.Key == SigV4HeaderNames.Authorization).Value);
        return (ours, sdk);
    }

    private static (string Ours, string Sdk) PresignBoth(SigV4Signer signer, DifferentialCase c)
    {
        var expiry = TimeSpan.FromSeconds(900);
        var url = AWSSigV4Signer.Presign(c.SdkRequest(), c.SdkParameters(), expiry).Uri;
        var sdkParameters = AuthenticationParameters(url.Query.TrimStart('?'));

        var settings = new SigningSettings(c.Region, c.Service) { Location = SignatureLocation.QueryString, ExpiresIn = expiry };
        var signed = signer.SignRequest(c.OurRequest(), c.Keys(), settings, c.Time);
        var ours = AuthenticationParameters(signed.Query!);
        return (
            ours["X-Amz-SignedHeaders"] + " " + ours["X-Amz-Credential"] + " " + ours["X-Amz-Signature"],
            sdkParameters["X-Amz-SignedHeaders"] + " " + sdkParameters["X-Amz-Credential"] + " " + sdkParameters["X-Amz-Signature"]);
    }

    /// <summary>The X-Amz-* parameters of a presigned URL's query (the caller's own may repeat; these never do).</summary>
    private static Dictionary<string, string> AuthenticationParameters(string query) =>
        query.Split('&')
            .Select(p => p.Split('=', 2))
            .Where(p => p[0].StartsWith("X-Amz-", StringComparison.Ordinal))
            .ToDictionary(p => p[0], p => p[1]);

    private static IEnumerable<string> Unique(string[] names) => names.Distinct(StringComparer.OrdinalIgnoreCase);

    private static string Recase(string name, int style) => style switch
    {
        0 => name,
        1 => name.ToLowerInvariant(),
        _ => name.ToUpperInvariant(),
    };

    internal sealed record DifferentialCase(
        string Method,
        string Region,
        string Service,
        int Port,
        string[] Segments,
        bool TrailingSlash,
        bool RawPathChars,
        (string Key, string Value, int Shape)[] Query,
        int QueryStyle,
        List<KeyValuePair<string, string>> Headers,
        byte[]? Body,
        bool WithToken,
        bool SignPayload,
        bool Presign,
        DateTimeOffset Time,
        string AccessKeyId,
        string Secret)
    {
        public const string Token = "IQoJb3JpZ2luX2VjEOr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+/=";

        public string Host => $"abc123.execute-api.{Region}.amazonaws.com" + (Port == 0 ? string.Empty : ":" + Port);

        /// <summary>The path as sent: each segment percent-encoded (sub-delimiters sometimes left raw, as is legal), dots literal.</summary>
        public string WirePath =>
            Segments.Length == 0
                ? (TrailingSlash ? "/" : string.Empty)
                : "/" + string.Join("/", Segments.Select(s => s is "." or ".." ? s : Encode(s, RawPathChars ? "!$&'()*+,;=:@" : string.Empty))) + (TrailingSlash ? "/" : string.Empty);

        /// <summary>
        /// The query as sent. Shape 0: key=value; 1: key= ; 2: bare key; 3: key=value with '=' left raw in the value.
        /// Style 1 spells spaces as '+', style 2 leaves sub-delimiters raw, style 3 uses lowercase hex escapes.
        /// </summary>
        public string? WireQuery =>
            Query.Length == 0
                ? null
                : string.Join("&", Query.Select(p => p.Shape switch
                {
                    1 => EncodeQuery(p.Key) + "=",
                    2 => EncodeQuery(p.Key),
                    3 => EncodeQuery(p.Key) + "=" + EncodeQuery(p.Value, "="),
                    _ => EncodeQuery(p.Key) + "=" + EncodeQuery(p.Value),
                }));

        /// <summary>True when sorting the query pairs by decoded text (the SDK) and by encoded text (SigV4) agree.</summary>
        public bool EncodedAndDecodedQueryOrdersAgree()
        {
            // Style 1 spells spaces '+', which is read (and sent) as a literal plus: order by what is actually sent.
            string Sent(string text) => QueryStyle == 1 ? text.Replace(' ', '+') : text;
            var pairs = Query.Select(p => (Key: Sent(p.Key), Value: p.Shape is 1 or 2 ? string.Empty : Sent(p.Value))).ToList();
            if (Presign)
            {
                // Presigning sorts its own X-Amz-* parameters in with the caller's.
                pairs.Add(("X-Amz-Algorithm", "AWS4-HMAC-SHA256"));
            }

            var byDecoded = pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal).ToList();
            var byEncoded = pairs.OrderBy(p => Encode(p.Key, string.Empty), StringComparer.Ordinal).ThenBy(p => Encode(p.Value, string.Empty), StringComparer.Ordinal).ToList();
            return byDecoded.SequenceEqual(byEncoded);
        }

        public CredentialKeys Keys() => new(AccessKeyId, Secret, WithToken ? Token : null);

        /// <summary>The path as sent: re-encoded to the signed spelling, as the module sends every URL.</summary>
        public string SentPath => WirePath.Length == 0 ? string.Empty : RequestLineEncoding.Path(WirePath);

        /// <summary>The query as sent: re-encoded to the signed spelling ('+' is a literal plus, sent as %2B).</summary>
        public string? SentQuery => WireQuery == null ? null : RequestLineEncoding.Query(WireQuery);

        public HttpRequestToSign OurRequest() =>
            new HttpRequestToSign(Method, Host, SentPath, SentQuery, Headers) { Body = SignableBody.Bytes(Body) };

        public AWSSigningRequest SdkRequest()
        {
            // System.Uri removes the dot segments here, as an HTTP client would before sending; our signer gets
            // the raw path above and must normalise it to the same thing.
            var request = new AWSSigningRequest
            {
                HttpMethod = new HttpMethod(Method),
                RequestUri = new Uri("https://" + Host + (SentPath.Length == 0 ? "/" : SentPath) + (string.IsNullOrEmpty(SentQuery) ? string.Empty : "?" + SentQuery)),
                Content = Body,
            };
            foreach (var header in Headers)
            {
                request.Headers[header.Key] = header.Value;
            }

            return request;
        }

        public AWSSigV4Parameters SdkParameters() => new()
        {
            Credentials = WithToken ? new SessionAWSCredentials(AccessKeyId, Secret, Token) : new BasicAWSCredentials(AccessKeyId, Secret),
            Region = RegionEndpoint.GetBySystemName(Region),
            Service = Service,
            SignPayload = SignPayload,
            SignedAt = Time.UtcDateTime,
        };

        public override string ToString() =>
            $"{(Presign ? "PRESIGN " : string.Empty)}{Method} https://{Host}{WirePath}{(WireQuery == null ? string.Empty : "?" + WireQuery)} " +
            $"[{string.Join(", ", Headers.Select(h => h.Key + ": '" + h.Value + "'"))}] body={Body?.Length.ToString() ?? "null"} token={WithToken} signPayload={SignPayload} {Region}/{Service} {Time:O}";

        private string EncodeQuery(string text, string alsoRaw = "")
        {
            var raw = alsoRaw + (QueryStyle == 2 ? "!$'()*,;:@/?" : string.Empty);
            var encoded = Encode(text, raw, spaceAsPlus: QueryStyle == 1);
            return QueryStyle == 3 ? LowercaseEscapes(encoded) : encoded;
        }

        private static string Encode(string text, string raw, bool spaceAsPlus = false)
        {
            var result = new StringBuilder();
            foreach (var b in Encoding.UTF8.GetBytes(text))
            {
                var c = (char)b;
                if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || "-._~".Contains(c) || raw.Contains(c)))
                {
                    result.Append(c);
                }
                else if (spaceAsPlus && c == ' ')
                {
                    result.Append('+');
                }
                else
                {
                    result.Append('%').Append(b.ToString("X2"));
                }
            }

            return result.ToString();
        }

        private static string LowercaseEscapes(string encoded)
        {
            var chars = encoded.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (chars[i] == '%' && i + 2 < chars.Length)
                {
                    chars[i + 1] = char.ToLowerInvariant(chars[i + 1]);
                    chars[i + 2] = char.ToLowerInvariant(chars[i + 2]);
                }
            }

            return new string(chars);
        }
    }
}

internal static class GenTextExtensions
{
    /// <summary>Query values: mostly ordinary text, sometimes empty.</summary>
    public static Gen<string> Frequency(this Gen<string> text) => Gen.Frequency((5, text), (1, Gen.Const(string.Empty)));
}

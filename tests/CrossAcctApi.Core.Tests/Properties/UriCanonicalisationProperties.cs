using System.Text.RegularExpressions;
using CrossAcctApi.Core.Http;
using CrossAcctApi.Core.Signing;
using CsCheck;
using Xunit;
using static CrossAcctApi.Core.Tests.Properties.PropertyInputs;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Tests.Properties;

/// <summary>
/// URI canonicalisation (execute-api rules: dot segments removed, empty segments collapsed, each segment encoded once
/// more; query pairs decoded, re-encoded and sorted) over random input. Nothing but <see cref="CrossAcctApiException"/>
/// may escape, and what is accepted must canonicalise to the same text however it was spelled.
/// </summary>
public sealed class UriCanonicalisationProperties
{
    // Only unreserved characters, '/' and %XX escapes with upper-case hex may appear in a canonical URI or query.
    private static readonly Regex EncodedPath = new("^/(?:[A-Za-z0-9._~-]|%[0-9A-F]{2}|/)*$", RegexOptions.CultureInvariant);
    private static readonly Regex EncodedQuery = new("^(?:[A-Za-z0-9._~=&-]|%[0-9A-F]{2})*$", RegexOptions.CultureInvariant);

    [Fact]
    public void Random_methods_paths_and_queries_throw_nothing_but_CrossAcctApiException()
    {
        var accepted = 0;
        Gen.Select(Gen.OneOf("GET", "POST", "get", "PATCH", "GE T", "", "M\r\nX"), HostileText.Select(p => "/" + p), HostileText.Null(0.2), Gen.Bool)
            .Sample((method, path, query, presign) =>
            {
                var settings = presign ? new SigningSettings("us-east-1", "execute-api") { Location = SignatureLocation.QueryString } : ExecuteApi;
                if (AcceptedOrRefused(() =>
                {
                    var signed = Sign(new HttpRequestToSign(method, "example.com", path, query), settings);
                    Assert.Matches(EncodedPath, signed.CanonicalRequest.CanonicalUri);
                    Assert.Matches(EncodedQuery, signed.CanonicalRequest.CanonicalQueryString);
                }))
                {
                    Interlocked.Increment(ref accepted);
                }
            }, iter: 6000);

        Assert.True(accepted > 600, $"only {accepted} of 6000 random requests were accepted: the property says little about canonical forms");
    }

    [Fact]
    public void Random_absolute_URLs_through_the_whole_request_preparation_throw_nothing_but_CrossAcctApiException()
    {
        var client = new SignedApiClient(new HttpClient());
        Gen.Select(
                Gen.OneOf("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com", "http://127.0.0.1:9", "https://api.example.com", "ftp://x", "https://u:p@host"),
                HostileText,
                Gen.OneOf<string?>(null, "us-east-1", "moon", "", " us-east-1", "eu-west-1"),
                Gen.OneOf("GET", "POST", "HEAD", "PATCH", "G\nET"),
                Gen.Select(HostileText, HostileText).Array[0, 3],
                Gen.Byte.Array[0, 64].Null(0.6))
            .Sample((origin, rest, region, method, headers, body) =>
            {
                if (!Uri.TryCreate(origin + "/" + rest, UriKind.Absolute, out var uri))
                {
                    return;
                }

                AcceptedOrRefused(() => client.Prepare(new ApiRequest(uri, method)
                {
                    Region = region,
                    Headers = headers.Select(h => new KeyValuePair<string, string>(h.Item1, h.Item2)).ToList(),
                    Body = body is null ? null : new BytesRequestBody(body),
                }));
            }, iter: 4000);
    }

    [Fact]
    public void Dot_segments_and_repeated_slashes_do_not_change_the_canonical_path()
    {
        Gen.Select(Segment.Array[1, 6], Gen.Int[0, 3].Array[6], Gen.Bool).Sample((segments, noise, trailingSlash) =>
        {
            var plain = "/" + string.Join("/", segments) + (trailingSlash ? "/" : string.Empty);

            // Before each segment: nothing, "./", an extra '/', or a throw-away segment with "../" after it.
            var noisy = "/" + string.Join("/", segments.Select((s, i) => noise[i] switch
            {
                1 => "./" + s,
                2 => "/" + s,
                3 => "discarded/../" + s,
                _ => s,
            })) + (trailingSlash ? "/" : string.Empty);

            Assert.Equal(
                Sign(new HttpRequestToSign("GET", "example.com", plain, null)).CanonicalRequest.CanonicalUri,
                Sign(new HttpRequestToSign("GET", "example.com", noisy, null)).CanonicalRequest.CanonicalUri);
        }, iter: 3000);
    }

    [Fact]
    public void The_canonical_path_has_no_empty_or_dot_segments_and_keeps_every_other_segment_in_order()
    {
        Gen.Select(Segment.Array[0, 6], Gen.Bool).Sample((segments, trailingSlash) =>
        {
            var path = "/" + string.Join("/", segments) + (trailingSlash && segments.Length > 0 ? "/" : string.Empty);
            var canonical = Sign(new HttpRequestToSign("GET", "example.com", path, null)).CanonicalRequest.CanonicalUri;

            Assert.Matches(EncodedPath, canonical);
            var parts = canonical.Split('/', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(segments.Length, parts.Length);
            Assert.DoesNotContain("//", canonical);
            Assert.All(parts, p => Assert.True(p != "." && p != "..", canonical));

            // Each segment is the one sent, percent-encoded once more: decoding once gives it back.
            for (var i = 0; i < parts.Length; i++)
            {
                Assert.Equal(segments[i], Uri.UnescapeDataString(parts[i]));
            }
        }, iter: 3000);
    }

    [Fact]
    public void Query_order_escape_case_and_escaped_unreserved_characters_do_not_change_the_canonical_query()
    {
        Gen.Select(QueryPairs, Gen.Int[0, int.MaxValue]).Sample((pairs, seed) =>
        {
            var random = new Random(seed);
            var reordered = pairs.OrderBy(_ => random.Next()).ToArray();
            var respelled = reordered.Select(p => (Respell(p.Name, random), Respell(p.Value, random))).ToArray();

            var expected = Sign(new HttpRequestToSign("GET", "example.com", "/", Query(pairs))).CanonicalRequest.CanonicalQueryString;
            Assert.Equal(expected, Sign(new HttpRequestToSign("GET", "example.com", "/", Query(respelled))).CanonicalRequest.CanonicalQueryString);

            // And it is sorted by name, then value, as encoded.
            var canonicalPairs = expected.Split('&').Select(p => p.Split('=', 2)).Select(p => (Name: p[0], Value: p[1])).ToList();
            var sorted = canonicalPairs.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal).ToList();
            Assert.Equal(sorted, canonicalPairs);
            Assert.Matches(EncodedQuery, expected);
        }, iter: 3000);
    }

    [Fact]
    public void Presigning_then_signing_the_same_request_by_header_covers_the_same_path_and_caller_query()
    {
        Gen.Select(Segment.Array[0, 4], QueryPairs).Sample((segments, pairs) =>
        {
            var request = new HttpRequestToSign("GET", "example.com", "/" + string.Join("/", segments), Query(pairs));
            var byHeader = Sign(request).CanonicalRequest;
            var presigned = Sign(request, new SigningSettings("us-east-1", "execute-api") { Location = SignatureLocation.QueryString }).CanonicalRequest;

            Assert.Equal(byHeader.CanonicalUri, presigned.CanonicalUri);
            var callerPairs = presigned.CanonicalQueryString.Split('&').Where(p => !p.StartsWith("X-Amz-", StringComparison.Ordinal));
            Assert.Equal(byHeader.CanonicalQueryString, string.Join("&", callerPairs));
        }, iter: 2000);
    }

    /// <summary>The same text on the wire, spelled differently: unreserved characters escaped, hex in either case.</summary>
    private static string Respell(string text, Random random)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%' && i + 2 < text.Length + 0 && i + 2 <= text.Length - 1)
            {
                var hex = text.Substring(i + 1, 2);
                builder.Append('%').Append(random.Next(2) == 0 ? hex.ToLowerInvariant() : hex.ToUpperInvariant());
                i += 2;
            }
            else if (Unreserved.Contains(c) && random.Next(3) == 0)
            {
                builder.Append('%').Append(((int)c).ToString(random.Next(2) == 0 ? "X2" : "x2"));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

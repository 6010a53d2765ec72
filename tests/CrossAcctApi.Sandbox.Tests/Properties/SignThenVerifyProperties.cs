using CrossAcctApi.Core.Credentials;
using CsCheck;
using CoreSigning = CrossAcctApi.Core.Signing;
using SandboxSigning = CrossAcctApi.Sandbox.Signing;

namespace CrossAcctApi.Sandbox.Tests.Properties;

/// <summary>
/// Sign, then verify: random requests signed by the module's <see cref="CoreSigning.SigV4Signer"/> are accepted by the
/// sandbox's <see cref="SandboxSigning.SigV4Verifier"/>, which was written apart from it (its own canonicalisation,
/// hashing and key derivation), and a one-byte change of the method, the path, the query, a signed header, the body or
/// the secret makes the verifier refuse. Two implementations that must agree byte for byte on every request.
/// </summary>
public sealed class SignThenVerifyProperties
{
    private const string WireSafe = "abcxyzABCXYZ0189-._~!$'()*,;:@";

    private static readonly CoreSigning.SigV4Signer Signer = new(new CoreSigning.SigningKeyCache(32));

    private static readonly Gen<string> Segment = Gen.Frequency(
            (6, Gen.Char[WireSafe].Array[1, 8].Select(c => new string(c))),
            (2, Gen.Byte.Select(b => "%" + b.ToString("X2"))),
            (1, Gen.Byte.Select(b => "%" + b.ToString("x2"))),
            (1, Gen.OneOf("caf\u00e9", "\u1234", "\U0001F600", "...", ".x")))
        .Array[1, 3].Select(string.Concat)
        .Where(s => s != "." && s != "..");

    // Raw '+' is left out: the module reads it as a space (as the AWS SDK for .NET does), the sandbox literally (as
    // botocore and the CRT do); callers are told to send %20 or %2B, which both read alike.
    private static readonly Gen<string> QueryText = Gen.Frequency(
            (6, Gen.Char[WireSafe].Array[0, 6].Select(c => new string(c))),
            (2, Gen.Byte.Select(b => "%" + b.ToString("X2"))),
            (1, Gen.OneOf("\u00e9", "%2B", "%20", "%26", "%3D")))
        .Array[1, 3].Select(string.Concat);

    private static readonly Gen<string> HeaderValue = Gen.Frequency(
            (5, Gen.Char["abcXYZ019!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"].Array[1, 6].Select(c => new string(c))),
            (2, Gen.Char[" \t"].Array[1, 3].Select(c => new string(c))),
            (1, Gen.OneOf("caf\u00e9", "\u1234")))
        .Array[0, 5].Select(string.Concat);

    private static readonly Gen<(string Name, string Value)> Header = Gen.Select(
        Gen.Frequency(
            (5, Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"].Array[1, 8].Select(c => "x-" + new string(c))),
            (1, Gen.OneOf("Content-Type", "Accept", "X-Api-Key", "x-amz-meta-Thing", "If-Match"))),
        HeaderValue);

    private static readonly Gen<SignCase> Cases =
        from method in Gen.OneOf("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "PURGE")
        from segments in Segment.Array[0, 5]
        from dotNoise in Gen.Int[0, 3].Array[5]
        from trailingSlash in Gen.Bool
        from query in Gen.Select(QueryText.Where(n => n.Length > 0), QueryText).Array[0, 4]
        from headers in Header.Array[0, 4]
        from body in Gen.Frequency((2, Gen.Const((byte[]?)null)), (3, Gen.Byte.Array[0, 300].Select(b => (byte[]?)b)))
        from token in Gen.OneOf<string?>(null, "IQoJb3JpZ2luX2VjEXAMPLE/token+value==", "FwoGZXIvYXdzEXAMPLE")
        from location in Gen.Frequency((4, Gen.Const(CoreSigning.SignatureLocation.Header)), (1, Gen.Const(CoreSigning.SignatureLocation.QueryString)))
        from payload in Gen.Int[0, 2]
        from scope in Gen.OneOf(("us-east-1", "execute-api"), ("eu-west-2", "execute-api"), ("us-east-1", "sts"), ("ap-southeast-2", "execute-api"))
        from seconds in Gen.Long[946684800L, 4102444799L]
        from keyId in Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"].Array[16].Select(c => "ASIA" + new string(c))
        from secret in Gen.Char["ABCxyz0189+/="].Array[40].Select(c => new string(c))
        select new SignCase(method, segments, dotNoise, trailingSlash, query, headers, body, token, location, payload, scope.Item1, scope.Item2,
            DateTimeOffset.FromUnixTimeSeconds(seconds), keyId, secret);

    [Fact]
    public void Requests_signed_by_the_module_are_accepted_by_the_sandboxs_own_verifier()
    {
        var presigned = 0;
        Cases.Sample(c =>
        {
            var sent = c.Sign(Signer);
            var check = Verify(sent, out var problem);
            Assert.True(check?.Matches == true, problem ?? "the verifier computed:\n" + check!.CanonicalRequest);
            if (c.Location == CoreSigning.SignatureLocation.QueryString)
            {
                Interlocked.Increment(ref presigned);
            }
        }, iter: 4000, print: c => c.ToString());

        Assert.True(presigned > 400, $"only {presigned} presigned requests were verified");
    }

    [Fact]
    public void A_one_byte_change_of_method_path_query_header_body_or_secret_is_refused()
    {
        var refused = new int[Enum.GetValues<Tamper>().Length];
        // No segment taken back by "../" (a change there would rightly not count), and the body hash always signed.
        var cases = Cases.Select(c => c with { DotNoise = c.DotNoise.Select(n => n == 3 ? 0 : n).ToArray(), Payload = c.Payload == 2 ? 0 : c.Payload });
        Gen.Select(cases, Gen.Enum<Tamper>(), Gen.Int[0, int.MaxValue])
            .Sample((c, tamper, seed) =>
            {
                var sent = c.Sign(Signer);
                Assert.True(Verify(sent, out var problem)?.Matches == true, problem ?? "the untouched request must verify");
                var tampered = Apply(tamper, sent, new Random(seed));
                if (tampered is null)
                {
                    return;
                }

                var check = Verify(tampered, out _);
                Assert.False(check?.Matches == true, $"a changed {tamper} still verified:\n{check?.CanonicalRequest}");
                Interlocked.Increment(ref refused[(int)tamper]);
            }, iter: 4000, print: t => t.ToString());

        // Every kind of change was made (and refused) often enough to mean something.
        foreach (var tamper in Enum.GetValues<Tamper>())
        {
            Assert.True(refused[(int)tamper] > 100, $"only {refused[(int)tamper]} {tamper} changes were tried");
        }
    }

    private static SandboxSigning.SignatureCheck? Verify(Sent sent, out string? problem)
    {
        // The request as the sandbox receives it: the request-target and header values as sent, the body's bytes.
        var request = new SandboxSigning.ReceivedRequest(sent.Method, sent.RawPath, sent.RawQuery, sent.Headers, sent.Body);
        var parsed = SandboxSigning.SignatureClaimParser.Parse(request);
        problem = parsed.Claim is null ? "no signature claim: " + (parsed.Problem ?? "missing") : null;
        return parsed.Claim is null ? null : SandboxSigning.SigV4Verifier.Check(request, parsed.Claim, sent.Secret);
    }

    /// <summary>A signed request as it goes on the wire, and the secret the server holds for its access key.</summary>
    public sealed record Sent(string Method, string RawPath, string RawQuery, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, string Secret);

    public enum Tamper
    {
        Method,
        Path,
        Query,
        Header,
        Body,
        Secret,
    }

    /// <summary>The request with one byte changed where <paramref name="tamper"/> says, or null when that part has nothing to change.</summary>
    private static Sent? Apply(Tamper tamper, Sent sent, Random random)
    {
        switch (tamper)
        {
            case Tamper.Method:
                return sent with { Method = ChangeOne(sent.Method, random)! };
            case Tamper.Path:
                var path = ChangeOne(sent.RawPath, random);
                return path is null ? null : sent with { RawPath = path };
            case Tamper.Query:
                // Only the caller's part of the query: the X-Amz-* parameters of a presigned URL are the claim itself.
                var amz = sent.RawQuery.IndexOf("X-Amz-", StringComparison.Ordinal);
                var callerPart = amz < 0 ? sent.RawQuery : sent.RawQuery.Substring(0, amz);
                var changed = ChangeOne(callerPart, random);
                return changed is null ? null : sent with { RawQuery = changed + sent.RawQuery.Substring(callerPart.Length) };
            case Tamper.Header:
                // Any signed header but the claim's own (Authorization, X-Amz-Date): the caller's, Host, the session token.
                var candidates = Enumerable.Range(0, sent.Headers.Count)
                    .Where(i => !sent.Headers[i].Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
                        && !sent.Headers[i].Key.Equals("X-Amz-Date", StringComparison.OrdinalIgnoreCase)
                        && sent.Headers[i].Value.Any(char.IsAsciiLetterOrDigit))
                    .ToList();
                if (candidates.Count == 0)
                {
                    return null;
                }

                var index = candidates[random.Next(candidates.Count)];
                var headers = sent.Headers.ToList();
                headers[index] = new(headers[index].Key, ChangeOne(headers[index].Value, random)!);
                return sent with { Headers = headers };
            case Tamper.Body:
                if (sent.Body.Length == 0)
                {
                    return sent with { Body = new byte[] { 0x41 } };
                }

                var body = (byte[])sent.Body.Clone();
                body[random.Next(body.Length)] ^= (byte)(1 << random.Next(8));
                return sent with { Body = body };
            default:
                var secret = ChangeOne(sent.Secret, random);
                return secret is null ? null : sent with { Secret = secret };
        }
    }

    /// <summary>One ASCII letter or digit replaced by another: a change no canonicalisation may undo.</summary>
    private static string? ChangeOne(string text, Random random)
    {
        var positions = Enumerable.Range(0, text.Length).Where(i => char.IsAsciiLetterOrDigit(text[i])).ToArray();
        if (positions.Length == 0)
        {
            return null;
        }

        var at = positions[random.Next(positions.Length)];
        var replacement = text[at] == 'q' ? 'r' : 'q';
        return text.Substring(0, at) + replacement + text.Substring(at + 1);
    }

    public sealed record SignCase(
        string Method,
        string[] Segments,
        int[] DotNoise,
        bool TrailingSlash,
        (string Name, string Value)[] Query,
        (string Name, string Value)[] Headers,
        byte[]? Body,
        string? Token,
        CoreSigning.SignatureLocation Location,
        int Payload,
        string Region,
        string Service,
        DateTimeOffset Time,
        string KeyId,
        string Secret)
    {
        /// <summary>Signs with the module, and returns the request as it would be sent, with the secret it must be checked with.</summary>
        public Sent Sign(CoreSigning.SigV4Signer signer)
        {
            // Noise before segments: "./", a doubled slash, or a segment taken back by "../"; the path is sent as written.
            var path = string.Concat(Segments.Select((s, i) => DotNoise[i] switch
            {
                1 => "/./" + s,
                2 => "//" + s,
                3 => "/gone/../" + s,
                _ => "/" + s,
            })) + (TrailingSlash ? "/" : string.Empty);
            var query = Query.Length == 0 ? null : string.Join("&", Query.Select(p => p.Name + "=" + p.Value));

            // Payload: 0 = the body's hash, known to both sides; 1 = also sent as x-amz-content-sha256; 2 = UNSIGNED-PAYLOAD, declared.
            var presign = Location == CoreSigning.SignatureLocation.QueryString;
            var request = new CoreSigning.HttpRequestToSign(Method, "a1b2c3d4e5.execute-api." + Region + ".amazonaws.com", path, query,
                Headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList())
            {
                Body = !presign && Payload == 2 ? CoreSigning.SignableBody.UnsignedPayload : CoreSigning.SignableBody.Bytes(Body),
            };
            var settings = new CoreSigning.SigningSettings(Region, Service)
            {
                Location = Location,
                PayloadHashHeader = !presign && Payload > 0,
            };
            var signed = signer.SignRequest(request, new CredentialKeys(KeyId, Secret, Token), settings, Time);
            return new Sent(signed.Method, signed.Path.Length == 0 ? "/" : signed.Path, signed.Query ?? string.Empty, signed.Headers, Body ?? Array.Empty<byte>(), Secret);
        }

        public override string ToString() =>
            $"{Method} {string.Join("/", Segments)} noise={string.Join(",", DotNoise)} query={string.Join("&", Query.Select(p => p.Name + "=" + p.Value))} " +
            $"headers={string.Join(" | ", Headers.Select(h => h.Name + ": [" + h.Value + "]"))} body={Body?.Length} token={Token != null} {Location} payload={Payload} {Region}/{Service} {Time:u}";
    }
}

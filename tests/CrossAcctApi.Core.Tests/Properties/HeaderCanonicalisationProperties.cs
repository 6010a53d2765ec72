using System.Security.Cryptography;
using CrossAcctApi.Core.Signing;
using CsCheck;
using Xunit;
using static CrossAcctApi.Core.Tests.Properties.PropertyInputs;

namespace CrossAcctApi.Core.Tests.Properties;

/// <summary>
/// Header canonicalisation over random input: names lower-cased and sorted, values trimmed with inner runs of
/// white space collapsed, repeats joined in order. Random names and values never throw anything but
/// <see cref="CrossAcctApiException"/>; what is accepted signs the same however it is spelled, and differently as
/// soon as a value really changes.
/// </summary>
public sealed class HeaderCanonicalisationProperties
{
    private static readonly SigV4Signer Signer = new(new SigningKeyCache(8));

    /// <summary>Header names the signer treats as ordinary: x- plus token characters, no reserved or unsigned names.</summary>
    private static readonly Gen<string> Name = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-_"].Array[1, 10].Select(c => "x-" + new string(c));

    /// <summary>A value as words separated by runs of spaces and tabs, with outer white space.</summary>
    private static readonly Gen<string[]> Words = Gen.Frequency(
        (4, Gen.Char["abcXYZ019!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"].Array[1, 6].Select(c => new string(c))),
        (1, Gen.OneOf("caf\u00e9", "\u1234", "\U0001F600"))).Array[0, 4];

    private static readonly Gen<string> Blank = Gen.Char[" \t"].Array[1, 4].Select(c => new string(c));

    [Fact]
    public void Random_header_names_and_values_throw_nothing_but_CrossAcctApiException()
    {
        var accepted = 0;
        var names = Gen.Frequency((3, Name), (1, HostileText), (1, Gen.OneOf("Authorization", "x-amz-date", "Host", "X-Amz-Security-Token", "x-amz-content-sha256", "user-agent")));
        var values = Gen.Frequency((3, Words.Select(w => string.Join(" ", w))), (1, HostileText));
        Gen.Select(names, values).Array[1, 4].Sample(headers =>
        {
            if (AcceptedOrRefused(() =>
            {
                var signed = Signer.Sign(Request(headers), Keys, ExecuteApi, Time);
                Assert.StartsWith("AWS4-HMAC-SHA256 Credential=", signed.Authorization);
            }))
            {
                Interlocked.Increment(ref accepted);
            }
        }, iter: 6000);

        Assert.True(accepted > 600, $"only {accepted} of 6000 random header sets were accepted");
    }

    [Fact]
    public void Canonical_headers_are_lower_case_sorted_trimmed_and_collapsed()
    {
        Gen.Select(Name, Words, Blank, Blank).Array[1, 5].Sample(generated =>
        {
            var headers = Unique(generated).Select(h => (h.Name, h.Lead + string.Join(h.Gap, h.Words) + h.Lead)).ToArray();
            var canonical = Sign(Request(headers)).CanonicalRequest;

            var lines = canonical.CanonicalHeaders.TrimEnd('\n').Split('\n');
            var names = lines.Select(l => l.Substring(0, l.IndexOf(':'))).ToList();
            Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), names);
            Assert.Equal(string.Join(";", names), canonical.SignedHeaders);
            Assert.All(names, n => Assert.Equal(n.ToLowerInvariant(), n));
            foreach (var (name, value) in headers)
            {
                var expected = string.Join(" ", value.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries));
                Assert.Contains(name + ":" + expected, lines);
            }
        }, iter: 3000);
    }

    [Fact]
    public void Name_case_outer_and_inner_white_space_and_header_order_do_not_change_the_signature()
    {
        Gen.Select(Gen.Select(Name, Words).Array[1, 5], Gen.Int[0, int.MaxValue]).Sample((generated, seed) =>
        {
            var random = new Random(seed);
            var plain = Unique(generated.Select(g => (g.Item1, g.Item2, " ", string.Empty))).Select(h => (h.Name, string.Join(" ", h.Words))).ToArray();
            var respelled = plain
                .OrderBy(_ => random.Next())
                .Select(h => (RandomCase(h.Name, random), Spaces(random) + string.Join(Spaces(random, 1), h.Item2.Split(' ')) + Spaces(random)))
                .ToArray();

            Assert.Equal(Authorization(plain), Authorization(respelled));
        }, iter: 3000);
    }

    [Fact]
    public void Changing_one_character_of_a_value_changes_the_signature()
    {
        Gen.Select(Gen.Select(Name, Words).Array[1, 4], Gen.Int[0, int.MaxValue]).Sample((generated, seed) =>
        {
            var plain = Unique(generated.Select(g => (g.Item1, g.Item2, " ", string.Empty))).Select(h => (h.Name, string.Join(" ", h.Words))).ToArray();
            var random = new Random(seed);
            var target = random.Next(plain.Length);
            var value = plain[target].Item2;
            var letters = Enumerable.Range(0, value.Length).Where(i => char.IsAsciiLetterOrDigit(value[i])).ToArray();
            string tampered;
            if (letters.Length == 0)
            {
                tampered = value + "x";
            }
            else
            {
                var at = letters[random.Next(letters.Length)];
                tampered = value.Substring(0, at) + (value[at] == 'q' ? 'r' : 'q') + value.Substring(at + 1);
            }

            var changed = plain.ToArray();
            changed[target] = (plain[target].Name, tampered);
            Assert.NotEqual(Authorization(plain), Authorization(changed));
        }, iter: 2000);
    }

    [Fact]
    public void Repeated_headers_are_joined_in_the_order_given()
    {
        Gen.Select(Name, Gen.Char["abc123"].Array[1, 5].Select(c => new string(c)).Array[2, 4]).Sample((name, values) =>
        {
            var headers = values.Select((v, i) => (i % 2 == 0 ? name : name.ToUpperInvariant(), " " + v + " ")).ToArray();
            var canonical = Sign(Request(headers)).CanonicalRequest;
            Assert.Contains("\n" + name + ":" + string.Join(",", values) + "\n", "\n" + canonical.CanonicalHeaders);
        }, iter: 1000);
    }

    [Fact]
    public void A_callers_x_amz_content_sha256_is_signed_only_when_it_is_the_payload_hash()
    {
        Gen.Select(Gen.Byte.Array[0, 200], Gen.Bool, Gen.Int[0, 2]).Sample((body, upper, variant) =>
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(body));
            var declared = variant switch
            {
                0 => upper ? actual.ToUpperInvariant() : actual,
                1 => Convert.ToHexStringLower(SHA256.HashData(body.Append((byte)1).ToArray())),
                _ => "UNSIGNED-PAYLOAD",
            };
            var request = Request(new[] { ("x-amz-content-sha256", declared) }).WithBody(SignableBody.Bytes(body));
            if (variant == 0)
            {
                Assert.Contains("x-amz-content-sha256", Sign(request).SignedHeaders);
                Signer.Validate(request, ExecuteApi);
            }
            else
            {
                var error = Assert.Throws<CrossAcctApiException>(() => Sign(request));
                Assert.Equal("ConflictingPayloadHash", error.ErrorId);
                Assert.Equal("ConflictingPayloadHash", Assert.Throws<CrossAcctApiException>(() => Signer.Validate(request, ExecuteApi)).ErrorId);
                Assert.DoesNotContain(declared, error.Message);
            }

            // Declaring UNSIGNED-PAYLOAD is right when the payload is indeed signed as UNSIGNED-PAYLOAD.
            var marked = Request(new[] { ("x-amz-content-sha256", "UNSIGNED-PAYLOAD") }).WithBody(SignableBody.UnsignedPayload);
            Assert.Equal("UNSIGNED-PAYLOAD", Sign(marked).CanonicalRequest.PayloadHash);
        }, iter: 1000);
    }

    private static HttpRequestToSign Request(IEnumerable<(string Name, string Value)> headers) =>
        new("GET", "example.com", "/items", null, headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList());

    private static string Authorization(IEnumerable<(string Name, string Value)> headers) =>
        Signer.Sign(Request(headers), Keys, ExecuteApi, Time).Authorization!;

    /// <summary>One generated header per name (case-insensitively): repeats are joined, which the other properties test apart.</summary>
    private static IEnumerable<(string Name, string[] Words, string Gap, string Lead)> Unique(IEnumerable<(string, string[], string, string)> headers) =>
        headers.GroupBy(h => h.Item1, StringComparer.OrdinalIgnoreCase).Select(g => g.First());

    private static string RandomCase(string name, Random random) =>
        new(name.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : c).ToArray());

    private static string Spaces(Random random, int minimum = 0) => new(' ', random.Next(minimum, 4));
}

using CrossAcctApi.Core.Signing;
using Xunit;

namespace CrossAcctApi.Core.Tests.Signing;

/// <summary>
/// Every case of the official SigV4 test suite, signed both ways (Authorization header and presigned URL):
/// canonical request, string to sign, signature and signed request must match the expected files byte for byte.
/// </summary>
public sealed class SigV4SuiteTests
{
    public static IEnumerable<object[]> Cases()
    {
        var names = SigV4Suite.CaseNames().ToList();
        if (names.Count == 0)
        {
            // Keeps one (skipped) row so the theory still shows up, with its skip message, when the suite is absent.
            yield return new object[] { "(suite absent)", SignatureLocation.Header };
            yield break;
        }

        foreach (var name in names)
        {
            yield return new object[] { name, SignatureLocation.Header };
            yield return new object[] { name, SignatureLocation.QueryString };
        }
    }

    [SigV4SuiteFact]
    public void The_suite_has_all_38_cases() => Assert.Equal(38, SigV4Suite.CaseNames().Count());

    [SigV4SuiteTheory]
    [MemberData(nameof(Cases))]
    public void Canonical_request_matches(string name, SignatureLocation location)
    {
        var @case = SigV4SuiteCase.Load(name);
        var signed = new SigV4Signer(new SigningKeyCache()).SignRequest(@case.Request(), @case.Keys, @case.Settings(location), @case.Time);

        var expected = @case.Expected(location, "canonical-request");
        Assert.Equal(expected, signed.CanonicalRequest.ToExactString());
        Assert.Equal(
            expected,
            string.Join("\n", signed.CanonicalRequest.Method, signed.CanonicalRequest.CanonicalUri, signed.CanonicalRequest.CanonicalQueryString, signed.CanonicalRequest.CanonicalHeaders, signed.CanonicalRequest.SignedHeaders, signed.CanonicalRequest.PayloadHash));

        if (@case.Keys.HasSessionToken && !@case.OmitSessionToken)
        {
            // The printable form hides the token; everything else is the exact text.
            Assert.DoesNotContain(@case.Keys.SessionToken!, signed.CanonicalRequest.ToString());
            Assert.Contains("(redacted)", signed.CanonicalRequest.ToString());
        }
        else
        {
            Assert.Equal(expected, signed.CanonicalRequest.ToString());
        }
    }

    [SigV4SuiteTheory]
    [MemberData(nameof(Cases))]
    public void String_to_sign_matches(string name, SignatureLocation location)
    {
        var @case = SigV4SuiteCase.Load(name);
        var signed = new SigV4Signer(new SigningKeyCache()).SignRequest(@case.Request(), @case.Keys, @case.Settings(location), @case.Time);
        Assert.Equal(@case.Expected(location, "string-to-sign"), signed.StringToSign.ToString());
    }

    [SigV4SuiteTheory]
    [MemberData(nameof(Cases))]
    public void Signature_matches(string name, SignatureLocation location)
    {
        var @case = SigV4SuiteCase.Load(name);
        var expected = @case.Expected(location, "signature");
        var signed = new SigV4Signer(new SigningKeyCache()).SignRequest(@case.Request(), @case.Keys, @case.Settings(location), @case.Time);
        Assert.Equal(expected, signed.Signature);

        // The .NET Framework hashing path must agree.
        var viaArrays = new SigV4Signer(new SigningKeyCache(), HashEngine.ArrayBased).SignRequest(@case.Request(), @case.Keys, @case.Settings(location), @case.Time);
        Assert.Equal(expected, viaArrays.Signature);

        // The unexplained pass (the hot path) produces exactly what the explained one sends.
        var fast = new SigV4Signer(new SigningKeyCache()).Sign(@case.Request(), @case.Keys, @case.Settings(location), @case.Time);
        Assert.False(fast.IsExplained);
        Assert.Equal(expected, fast.Signature);
        Assert.Equal(signed.SignedHeaders, fast.SignedHeaders);
        if (location == SignatureLocation.QueryString)
        {
            Assert.Equal(signed.Query, fast.PresignedQuery);
        }
        else
        {
            Assert.Equal(signed.Headers.Single(h => h.Key == "Authorization").Value, fast.Authorization);
            Assert.EndsWith("Signature=" + expected, fast.Authorization);
            Assert.Equal("20150830T123600Z", fast.AmzDate);
            Assert.Equal(@case.Keys.SessionToken, fast.SecurityToken);
            Assert.Equal(@case.SignBody ? signed.CanonicalRequest.PayloadHash : null, fast.ContentSha256);
        }
    }

    [SigV4SuiteTheory]
    [MemberData(nameof(Cases))]
    public void Signed_request_matches(string name, SignatureLocation location)
    {
        var @case = SigV4SuiteCase.Load(name);
        var signed = new SigV4Signer(new SigningKeyCache()).SignRequest(@case.Request(), @case.Keys, @case.Settings(location), @case.Time);
        Assert.Equal(@case.Expected(location, "signed-request"), @case.Raw.Render(signed));
    }
}

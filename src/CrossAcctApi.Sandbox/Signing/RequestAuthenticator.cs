using System.Globalization;
using CrossAcctApi.Sandbox.Identity;
using CrossAcctApi.Sandbox.Time;

namespace CrossAcctApi.Sandbox.Signing;

/// <summary>Why a request was not authenticated; each service maps these to its own error codes.</summary>
internal enum AuthenticationFailure
{
    None,
    MissingAuthentication,
    IncompleteSignature,
    InvalidScope,
    SignatureExpired,
    InvalidClientToken,
    ExpiredToken,
    SignatureMismatch,
}

internal sealed class AuthenticationResult
{
    private AuthenticationResult(AuthenticationFailure failure, string? message, Caller? caller, SignatureCheck? check, SignatureClaim? claim)
    {
        Failure = failure;
        Message = message;
        Caller = caller;
        Check = check;
        Claim = claim;
    }

    public AuthenticationFailure Failure { get; }

    public bool Succeeded => Failure == AuthenticationFailure.None;

    /// <summary>The problem in AWS's words (for Incomplete, InvalidScope and SignatureExpired).</summary>
    public string? Message { get; }

    /// <summary>The verified caller on success; also known (but not trusted) for ExpiredToken.</summary>
    public Caller? Caller { get; }

    /// <summary>What the server computed, for the SignatureMismatch answer.</summary>
    public SignatureCheck? Check { get; }

    public SignatureClaim? Claim { get; }

    public static AuthenticationResult Fail(AuthenticationFailure failure, string? message = null, SignatureClaim? claim = null, Caller? caller = null, SignatureCheck? check = null) =>
        new(failure, message, caller, check, claim);

    public static AuthenticationResult Success(Caller caller, SignatureClaim claim) => new(AuthenticationFailure.None, null, caller, null, claim);

    public override string ToString() => Succeeded ? $"authenticated {Caller}" : Failure.ToString();
}

/// <summary>What a service accepts in a credential scope.</summary>
internal sealed record SigningScope(string Service, Func<string, bool> AcceptsRegion);

/// <summary>
/// Authenticates a SigV4-signed request in the order AWS checks: signature parameters present and
/// complete, credential scope, the clock window, the access key and session token, then the signature.
/// </summary>
internal sealed class RequestAuthenticator
{
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);
    private const string IsoBasicFormat = "yyyyMMdd'T'HHmmss'Z'";

    private readonly SandboxClock _clock;
    private readonly CredentialResolver _credentials;

    public RequestAuthenticator(SandboxClock clock, CredentialResolver credentials)
    {
        _clock = clock;
        _credentials = credentials;
    }

    public AuthenticationResult Authenticate(ReceivedRequest request, SigningScope scope)
    {
        var parsed = SignatureClaimParser.Parse(request);
        if (parsed.IsMissing) return AuthenticationResult.Fail(AuthenticationFailure.MissingAuthentication);
        if (parsed.Claim == null) return AuthenticationResult.Fail(AuthenticationFailure.IncompleteSignature, parsed.Problem);
        var claim = parsed.Claim;

        var scopeProblem = ScopeProblem(claim, scope);
        if (scopeProblem != null) return AuthenticationResult.Fail(AuthenticationFailure.InvalidScope, scopeProblem, claim);

        var timeProblem = TimeProblem(claim, _clock.UtcNow);
        if (timeProblem != null) return AuthenticationResult.Fail(AuthenticationFailure.SignatureExpired, timeProblem, claim);

        var lookup = _credentials.Resolve(claim.AccessKeyId, claim.SessionToken);
        switch (lookup.Status)
        {
            case CredentialStatus.Invalid:
                return AuthenticationResult.Fail(AuthenticationFailure.InvalidClientToken, claim: claim);
            case CredentialStatus.Expired:
                return AuthenticationResult.Fail(AuthenticationFailure.ExpiredToken, claim: claim, caller: lookup.Caller);
        }

        var check = SigV4Verifier.Check(request, claim, lookup.SecretAccessKey!);
        return check.Matches
            ? AuthenticationResult.Success(lookup.Caller!, claim)
            : AuthenticationResult.Fail(AuthenticationFailure.SignatureMismatch, claim: claim, check: check);
    }

    private static string? ScopeProblem(SignatureClaim claim, SigningScope scope)
    {
        if (claim.ScopeTerminator != SignatureClaim.Terminator)
        {
            return $"Credential should be scoped with a valid terminator: '{SignatureClaim.Terminator}', not '{claim.ScopeTerminator}'. ";
        }

        if (!string.Equals(claim.ScopeService, scope.Service, StringComparison.Ordinal))
        {
            return $"Credential should be scoped to correct service: '{scope.Service}'. ";
        }

        if (!scope.AcceptsRegion(claim.ScopeRegion))
        {
            return $"Credential should be scoped to a valid region, not '{claim.ScopeRegion}'. ";
        }

        var requestDate = claim.AmzDate.Substring(0, 8);
        if (!string.Equals(claim.ScopeDate, requestDate, StringComparison.Ordinal))
        {
            return $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{claim.ScopeDate}' != '{requestDate}', from '{claim.AmzDate}'.";
        }

        return null;
    }

    private static string? TimeProblem(SignatureClaim claim, DateTimeOffset now)
    {
        if (claim.RequestTime > now + AllowedClockSkew)
        {
            return $"Signature not yet current: {claim.AmzDate} is still later than {Format(now + AllowedClockSkew)} ({Format(now)} + 5 min.)";
        }

        if (claim.Expires is { } expires)
        {
            // A presigned URL is valid from its X-Amz-Date for X-Amz-Expires seconds.
            return claim.RequestTime + expires < now
                ? $"Signature expired: {claim.AmzDate} is now earlier than {Format(now - expires)} ({Format(now)} - {(long)expires.TotalSeconds} sec.)"
                : null;
        }

        return claim.RequestTime < now - AllowedClockSkew
            ? $"Signature expired: {claim.AmzDate} is now earlier than {Format(now - AllowedClockSkew)} ({Format(now)} - 5 min.)"
            : null;
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(IsoBasicFormat, CultureInfo.InvariantCulture);
}

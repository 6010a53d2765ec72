using System.Runtime.CompilerServices;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi.Sts.Tests;

/// <summary>
/// The ranking of AssumeRole refusals: what STS says first, then what succeeded before in this process. Whose the
/// earlier source keys were is found out only here, through a lookup that stands in for GetCallerIdentity.
/// </summary>
public sealed class AccessDeniedDiagnosisTests
{
    private const string NotAuthorized = "not authorized";

    private static readonly CredentialKeys UserA = new("AKIAUSERA22222222222", "UserASecretKeyForAccountB/222222222222");
    private static readonly CredentialKeys UserB = new("AKIAUSERB22222222222", "UserBSecretKeyForAccountB/222222222222");
    private static readonly CredentialKeys UserC = new("AKIAUSERC33333333333", "UserCSecretKeyForAccountC/333333333333");

    /// <summary>GetCallerIdentity stand-in: answers from a table and counts the calls per access key id.</summary>
    private sealed class Lookup
    {
        public Dictionary<string, string> Owners { get; } = new()
        {
            [UserA.AccessKeyId] = "arn:aws:iam::222222222222:user/a",
            [UserB.AccessKeyId] = "arn:aws:iam::222222222222:user/b",
            [UserC.AccessKeyId] = "arn:aws:iam::333333333333:user/c",
        };

        public List<string> Calls { get; } = new();

        public Task<string?> WhoIs(CredentialKeys keys, StsEndpoint endpoint, CancellationToken cancellationToken)
        {
            Calls.Add(keys.AccessKeyId);
            return Task.FromResult(Owners.TryGetValue(keys.AccessKeyId, out var arn) ? arn : null);
        }
    }

    private static AssumeRoleResult Issued(string accessKeyId, string assumedRoleArn) =>
        new(new CredentialKeys(accessKeyId, "IssuedSessionSecret/0000000000000000000000", "IssuedSessionToken"), DateTime.UtcNow.AddHours(1), assumedRoleArn, "AROATEST:s");

    private static AssumeRoleResult AnyResult() => Issued("ASIAISSUED0000000001", "arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/s");

    [Fact]
    public async Task What_sts_says_decides_without_any_lookup()
    {
        var lookup = new Lookup();
        var diagnosis = new AccessDeniedDiagnosis(lookup.WhoIs);
        diagnosis.RecordSuccess(Samples.Request(), UserA, Samples.Endpoint(), AnyResult());
        var request = Samples.Request();
        Assert.Equal(new[] { AssumeRoleDenialCause.CallerLacksAssumeRole }, await diagnosis.RankAsync("... because no identity-based policy allows the sts:AssumeRole action", request, UserB.AccessKeyId, null, default));
        Assert.Equal(new[] { AssumeRoleDenialCause.ExplicitDeny }, await diagnosis.RankAsync("... with an explicit deny in an identity-based policy", request, UserB.AccessKeyId, null, default));
        Assert.Equal(new[] { AssumeRoleDenialCause.MfaRequired }, await diagnosis.RankAsync("MultiFactorAuthentication failed with invalid MFA one time pass code. ", request, UserB.AccessKeyId, null, default));
        Assert.Empty(lookup.Calls);
    }

    [Fact]
    public async Task Ranks_with_what_succeeded_before_and_looks_earlier_sources_up_once()
    {
        var lookup = new Lookup();
        var diagnosis = new AccessDeniedDiagnosis(lookup.WhoIs);
        var request = Samples.Request();
        Assert.Equal(AssumeRoleDenialCause.NotTrustedByRole, (await diagnosis.RankAsync(NotAuthorized, request, UserB.AccessKeyId, "arn:aws:iam::222222222222:user/b", default))[0]);

        // User a (account B) assumed the role with an external id: b, same account, is most likely missing it.
        diagnosis.RecordSuccess(Samples.Request(externalId: "ext-id"), UserA, Samples.Endpoint(), AnyResult());
        Assert.Empty(lookup.Calls);
        var ranked = await diagnosis.RankAsync(NotAuthorized, request, UserB.AccessKeyId, "arn:aws:iam::222222222222:user/b", default);
        Assert.Equal(AssumeRoleDenialCause.ExternalIdRequired, ranked[0]);
        Assert.Equal(AssumeRoleDenialCause.CallerLacksAssumeRole, ranked[1]);
        Assert.Equal(new[] { UserA.AccessKeyId }, lookup.Calls);

        // c is in account C: the role trusts B, not C. a's owner is remembered, so no second lookup.
        Assert.Equal(AssumeRoleDenialCause.NotTrustedByRole, (await diagnosis.RankAsync(NotAuthorized, request, UserC.AccessKeyId, "arn:aws:iam::333333333333:user/c", default))[0]);
        Assert.Single(lookup.Calls);
    }

    [Fact]
    public async Task The_same_keys_refused_without_the_external_id_or_mfa_they_used_before_need_no_lookup()
    {
        var lookup = new Lookup();
        var diagnosis = new AccessDeniedDiagnosis(lookup.WhoIs);
        diagnosis.RecordSuccess(Samples.Request(externalId: "audit-2026"), UserA, Samples.Endpoint(), AnyResult());
        Assert.Equal(AssumeRoleDenialCause.ExternalIdRequired, (await diagnosis.RankAsync(NotAuthorized, Samples.Request(), UserA.AccessKeyId, null, default))[0]);

        var mfa = new AccessDeniedDiagnosis(lookup.WhoIs);
        mfa.RecordSuccess(Samples.Request(serial: "arn:aws:iam::222222222222:mfa/b", token: "123456"), UserB, Samples.Endpoint(), AnyResult());
        Assert.Equal(AssumeRoleDenialCause.MfaRequired, (await mfa.RankAsync(NotAuthorized, Samples.Request(), UserB.AccessKeyId, "arn:aws:iam::222222222222:user/b", default))[0]);
        Assert.Empty(lookup.Calls);
    }

    [Fact]
    public async Task A_session_issued_before_is_a_known_source_when_chained()
    {
        var lookup = new Lookup();
        var diagnosis = new AccessDeniedDiagnosis(lookup.WhoIs);
        AssumeRoleResult hop = Issued("ASIAHOP0000000000001", "arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/hop1");
        diagnosis.RecordSuccess(Samples.Request(), UserA, Samples.Endpoint(), hop);
        var chained = new AssumeRoleRequest("arn:aws:iam::111111111111:role/ChainTarget", "hop2");
        diagnosis.RecordSuccess(chained, hop.Keys, Samples.Endpoint(), Issued("ASIAHOP0000000000002", "arn:aws:sts::111111111111:assumed-role/ChainTarget/hop2"));

        var ranked = await diagnosis.RankAsync(NotAuthorized, chained, "ASIAOTHER00000000001", "arn:aws:sts::111111111111:assumed-role/Other/x", default);
        Assert.Equal(AssumeRoleDenialCause.CallerLacksAssumeRole, ranked[0]);
        Assert.Empty(lookup.Calls);
    }

    [Fact]
    public async Task Looks_up_a_few_earlier_sources_at_most()
    {
        var lookup = new Lookup();
        var diagnosis = new AccessDeniedDiagnosis(lookup.WhoIs);
        var sources = Enumerable.Range(1, 10).Select(i => new CredentialKeys("AKIAUNKNOWN" + i.ToString("D9"), "UnknownSecretKey/000000000000000000000000")).ToList();
        foreach (var source in sources) diagnosis.RecordSuccess(Samples.Request(), source, Samples.Endpoint(), AnyResult());

        await diagnosis.RankAsync(NotAuthorized, Samples.Request(), UserB.AccessKeyId, "arn:aws:iam::222222222222:user/b", default);
        Assert.Equal(AccessDeniedDiagnosis.MaxSourceLookups, lookup.Calls.Count);
        GC.KeepAlive(sources);
    }

    [Fact]
    public async Task The_denied_caller_is_named_from_the_message_else_remembered_else_looked_up()
    {
        var lookup = new Lookup();
        var diagnosis = new AccessDeniedDiagnosis(lookup.WhoIs);
        var request = Samples.Request();

        var quoted = await diagnosis.DiagnoseAsync("User: arn:aws:iam::222222222222:user/b is not authorized to perform: sts:AssumeRole", "req-1", request, UserB, Samples.Endpoint(), new Exception("inner"), default);
        Assert.Equal("arn:aws:iam::222222222222:user/b", quoted.CallerArn);
        Assert.Contains("request id req-1", quoted.Message);
        Assert.Empty(lookup.Calls);

        // STS did not say this time, but the message of the first refusal did.
        var remembered = await diagnosis.DiagnoseAsync("Access denied", null, request, UserB, Samples.Endpoint(), new Exception("inner"), default);
        Assert.Equal("arn:aws:iam::222222222222:user/b", remembered.CallerArn);
        Assert.Empty(lookup.Calls);

        var lookedUp = await diagnosis.DiagnoseAsync("Access denied", null, request, UserC, Samples.Endpoint(), new Exception("inner"), default);
        Assert.Equal("arn:aws:iam::333333333333:user/c", lookedUp.CallerArn);
        Assert.Equal(new[] { UserC.AccessKeyId }, lookup.Calls);
        Assert.DoesNotContain(UserC.SecretAccessKey, lookedUp.Message);
        Assert.DoesNotContain(UserC.SecretAccessKey, lookedUp.RecommendedAction);
    }

    [Fact]
    public async Task Keeps_no_source_keys_alive_and_does_without_them_once_they_are_gone()
    {
        var lookup = new Lookup();
        var diagnosis = new AccessDeniedDiagnosis(lookup.WhoIs);
        WeakReference<CredentialKeys> gone = RecordWithKeysNobodyHolds(diagnosis);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(gone.TryGetTarget(out _), "the diagnosis must not keep a source's secret key alive");

        // The success is still on record (by access key id), but its owner cannot be asked for: the ranking falls back.
        var ranked = await diagnosis.RankAsync(NotAuthorized, Samples.Request(), UserB.AccessKeyId, "arn:aws:iam::222222222222:user/b", default);
        Assert.Equal(AssumeRoleDenialCause.NotTrustedByRole, ranked[0]);
        Assert.Empty(lookup.Calls);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<CredentialKeys> RecordWithKeysNobodyHolds(AccessDeniedDiagnosis diagnosis)
    {
        var keys = new CredentialKeys("AKIATRANSIENT2222222", "TransientSecretKeyForAccountB/2222222222");
        diagnosis.RecordSuccess(Samples.Request(), keys, Samples.Endpoint(), AnyResult());
        return new WeakReference<CredentialKeys>(keys);
    }

    [Fact]
    public void Reads_the_caller_and_its_account_from_arns_and_messages()
    {
        Assert.Equal("arn:aws:iam::1:user/x", AccessDeniedDiagnosis.CallerFromMessage("User: arn:aws:iam::1:user/x is not authorized to perform"));
        Assert.Null(AccessDeniedDiagnosis.CallerFromMessage("Access denied"));
        Assert.Equal("111111111111", AccessDeniedDiagnosis.AccountOf("arn:aws:sts::111111111111:assumed-role/R/s"));
        Assert.Equal("222222222222", AccessDeniedDiagnosis.AccountOf("arn:aws:iam::222222222222:user/b"));
        Assert.Null(AccessDeniedDiagnosis.AccountOf(null));
    }
}

/// <summary>The bounded books the diagnosis keeps: no entry outlives its session, and neither grows without end.</summary>
public sealed class DiagnosisMemoryTests
{
    [Fact]
    public void Known_callers_forget_expired_sessions_and_stay_bounded()
    {
        var now = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var book = new KnownCallers(capacity: 3, utcNow: () => now);
        book.Remember("ASIA1", "arn:aws:sts::111111111111:assumed-role/R/1", now.AddMinutes(10));
        book.Remember("AKIA2", "arn:aws:iam::222222222222:user/u");
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/R/1", book.ArnOf("ASIA1"));

        now = now.AddMinutes(11);
        Assert.Null(book.ArnOf("ASIA1"));
        Assert.Equal("arn:aws:iam::222222222222:user/u", book.ArnOf("AKIA2"));

        book.Remember("AKIA3", "arn:aws:iam::222222222222:user/v");
        book.Remember("AKIA4", "arn:aws:iam::222222222222:user/w");
        Assert.True(book.Count <= 3);
        Assert.Equal("arn:aws:iam::222222222222:user/w", book.ArnOf("AKIA4"));
        Assert.Equal("arn:aws:iam::222222222222:user/u", book.ArnOf("AKIA2"));
    }

    [Fact]
    public void History_keeps_the_newest_sources_per_role()
    {
        var history = new AssumeRoleHistory(sourcesPerRole: 2);
        var keys = Enumerable.Range(1, 3).Select(i => new CredentialKeys("AKIASOURCE" + i.ToString("D10"), "SourceSecretKey/0000000000000000000000000")).ToList();
        foreach (var k in keys) history.Record(Samples.Request(), k, Samples.Endpoint());
        var kept = history.Of(Samples.Role);
        Assert.Equal(new[] { keys[2].AccessKeyId, keys[1].AccessKeyId }, kept.Select(s => s.SourceAccessKeyId));
        Assert.Empty(history.Of("arn:aws:iam::111111111111:role/Other"));
    }
}

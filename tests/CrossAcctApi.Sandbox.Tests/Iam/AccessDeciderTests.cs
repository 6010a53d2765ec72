using CrossAcctApi.Sandbox.Iam.Evaluation;
using CrossAcctApi.Sandbox.Iam.Policies;
using static CrossAcctApi.Sandbox.Tests.Iam.IamCases;

namespace CrossAcctApi.Sandbox.Tests.Iam;

/// <summary>
/// The evaluator's combination of policy types, case by case from the IAM User Guide: "Policy evaluation logic" (its
/// Carlos example and its table of resource-based policies and implicit denies within one account), "Cross-account
/// policy evaluation logic", and "NotPrincipal" (its Bob example).
/// </summary>
public sealed class AccessDeciderTests
{
    private const string Carlos = "arn:aws:iam::123456789012:user/carlossalazar";

    private static readonly IamPolicy CarlosIdentity = PolicyParser.Parse("""
        {"Version":"2012-10-17","Statement":[
          {"Sid":"AllowS3ListRead","Effect":"Allow","Action":["s3:GetBucketLocation","s3:GetAccountPublicAccessBlock","s3:ListAccessPoints","s3:ListAllMyBuckets"],"Resource":"arn:aws:s3:::*"},
          {"Sid":"AllowS3Self","Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::carlossalazar/*","arn:aws:s3:::carlossalazar"]},
          {"Sid":"DenyS3Logs","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::*log*"}]}
        """, PolicyUse.Identity);

    private static readonly IamPolicy CarlosBucket = PolicyParser.Parse("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/carlossalazar"},"Action":"s3:*",
          "Resource":["arn:aws:s3:::carlossalazar/*","arn:aws:s3:::carlossalazar"]}]}
        """, PolicyUse.Resource);

    private static readonly RequestPrincipal CarlosPrincipal = RequestPrincipal.User(Carlos, "aws", "123456789012");

    private static readonly IamPolicy AllowGet = IdentityPolicy("Allow", "s3:GetObject", Bucket + "/*");
    private static readonly IamPolicy AllowPut = IdentityPolicy("Allow", "s3:PutObject", Bucket + "/*");

    [Fact]
    public void Carlos_is_denied_the_logs_bucket_by_his_own_explicit_deny_and_allowed_his_bucket_by_both_policies()
    {
        var logs = Decide(Request(CarlosPrincipal, "s3:PutObject", "arn:aws:s3:::carlossalazar-logs/file.txt", "123456789012"), new[] { CarlosIdentity }, CarlosBucket);
        Assert.Equal(new AccessDecision(Verdict.ExplicitDeny, PolicyType.Identity), logs);

        var own = Decide(Request(CarlosPrincipal, "s3:PutObject", "arn:aws:s3:::carlossalazar/file.txt", "123456789012"), new[] { CarlosIdentity }, CarlosBucket);
        Assert.True(own.IsAllowed);
    }

    [Fact]
    public void Within_one_account_either_the_identity_or_the_resource_policy_may_allow()
    {
        var request = Request(UserBobA, "s3:GetObject", Bucket + "/a", AccountA);
        Assert.True(Decide(request, new[] { AllowGet }).IsAllowed);
        Assert.Equal(new AccessDecision(Verdict.Allowed, PolicyType.Resource),
            Decide(request, Array.Empty<IamPolicy>(), ResourcePolicy("Allow", """{"AWS":"arn:aws:iam::111111111111:user/Bob"}""", "s3:GetObject", Bucket + "/*")));
        Assert.Equal(new AccessDecision(Verdict.ImplicitDeny, PolicyType.Identity), Decide(request, new[] { AllowPut }));
    }

    public static TheoryData<string, string, string> SameAccountGrants => new()
    {
        // Principal named in the resource policy; what a role session of role Reader gets when its identity policy,
        // permissions boundary and session policy allow nothing ("Resource-based policies and implicit denies in other
        // policy types (same account)").
        { """{"AWS":"arn:aws:iam::111111111111:role/Reader"}""", "identity", "Allowed" },
        { """{"AWS":"arn:aws:iam::111111111111:role/Reader"}""", "boundary", "ImplicitDeny PermissionsBoundary" },
        { """{"AWS":"arn:aws:iam::111111111111:role/Reader"}""", "session", "ImplicitDeny Session" },
        { """{"AWS":"arn:aws:sts::111111111111:assumed-role/Reader/s1"}""", "identity", "Allowed" },
        { """{"AWS":"arn:aws:sts::111111111111:assumed-role/Reader/s1"}""", "boundary", "Allowed" },
        { """{"AWS":"arn:aws:sts::111111111111:assumed-role/Reader/s1"}""", "session", "Allowed" },
        { "\"*\"", "boundary", "Allowed" },
        { "\"*\"", "session", "Allowed" },
        { """{"AWS":"111111111111"}""", "identity", "ImplicitDeny Identity" },
        { """{"AWS":"arn:aws:iam::111111111111:root"}""", "identity", "ImplicitDeny Identity" },
        { """{"AWS":"arn:aws:sts::111111111111:assumed-role/Reader/other"}""", "identity", "ImplicitDeny Identity" },
    };

    [Theory]
    [MemberData(nameof(SameAccountGrants))]
    public void Within_one_account_how_the_resource_policy_names_a_session_decides_which_implicit_denies_still_apply(string principal, string silentPolicy, string expected)
    {
        var request = Request(SessionA, "s3:GetObject", Bucket + "/a", AccountA);
        var nothing = IdentityPolicy("Allow", "s3:ListBucket", Bucket);
        var decision = Decide(request,
            identity: silentPolicy == "identity" ? Array.Empty<IamPolicy>() : new[] { AllowGet },
            resource: ResourcePolicy("Allow", principal, "s3:GetObject", Bucket + "/*"),
            session: silentPolicy == "session" ? new[] { nothing } : null,
            boundary: silentPolicy == "boundary" ? nothing : null);
        Assert.Equal(expected, decision.IsAllowed ? "Allowed" : $"{decision.Verdict} {decision.DecidedBy}");
    }

    [Fact]
    public void Within_one_account_a_grant_to_the_user_itself_is_not_limited_by_its_permissions_boundary()
    {
        var request = Request(UserBobA, "s3:GetObject", Bucket + "/a", AccountA);
        var decision = Decide(request, Array.Empty<IamPolicy>(), ResourcePolicy("Allow", """{"AWS":"arn:aws:iam::111111111111:user/Bob"}""", "s3:GetObject", Bucket + "/*"),
            boundary: IdentityPolicy("Allow", "sts:GetCallerIdentity", "*"));
        Assert.True(decision.IsAllowed);
    }

    [Fact]
    public void Across_accounts_both_the_resource_policy_and_the_callers_identity_policy_must_allow()
    {
        var request = Request(UserCarolB, "s3:GetObject", Bucket + "/a", AccountA);
        var toAccountB = ResourcePolicy("Allow", """{"AWS":"222222222222"}""", "s3:GetObject", Bucket + "/*");
        var toCarol = ResourcePolicy("Allow", """{"AWS":"arn:aws:iam::222222222222:user/Carol"}""", "s3:GetObject", Bucket + "/*");

        Assert.True(Decide(request, new[] { AllowGet }, toAccountB).IsAllowed);
        Assert.Equal(new AccessDecision(Verdict.ImplicitDeny, PolicyType.Identity), Decide(request, Array.Empty<IamPolicy>(), toAccountB));
        Assert.Equal(new AccessDecision(Verdict.ImplicitDeny, PolicyType.Identity), Decide(request, Array.Empty<IamPolicy>(), toCarol));
        Assert.Equal(new AccessDecision(Verdict.ImplicitDeny, PolicyType.Resource), Decide(request, new[] { AllowGet }));
        Assert.Equal(new AccessDecision(Verdict.ImplicitDeny, PolicyType.Resource),
            Decide(request, new[] { AllowGet }, ResourcePolicy("Allow", """{"AWS":"333333333333"}""", "s3:GetObject", Bucket + "/*")));
    }

    [Fact]
    public void An_explicit_deny_in_any_policy_type_wins_and_is_named()
    {
        var request = Request(SessionA, "s3:GetObject", Bucket + "/a", AccountA);
        var deny = IdentityPolicy("Deny", "s3:*", "*");
        var everyone = ResourcePolicy("Allow", "\"*\"", "s3:*", "*");
        Assert.Equal(new AccessDecision(Verdict.ExplicitDeny, PolicyType.Session), Decide(request, new[] { AllowGet }, everyone, session: new[] { deny }));
        Assert.Equal(new AccessDecision(Verdict.ExplicitDeny, PolicyType.PermissionsBoundary), Decide(request, new[] { AllowGet }, everyone, boundary: deny));
        Assert.Equal(new AccessDecision(Verdict.ExplicitDeny, PolicyType.Resource),
            Decide(request, new[] { AllowGet }, ResourcePolicy("Deny", "\"*\"", "s3:GetObject", Bucket + "/*")));
    }

    [Fact]
    public void Session_policies_intersect_with_the_roles_identity_policies()
    {
        var both = new[] { AllowGet, AllowPut };
        var onlyGet = new[] { AllowGet };
        Assert.True(Decide(Request(SessionA, "s3:GetObject", Bucket + "/a", AccountA), both, session: onlyGet).IsAllowed);
        Assert.Equal(new AccessDecision(Verdict.ImplicitDeny, PolicyType.Session), Decide(Request(SessionA, "s3:PutObject", Bucket + "/a", AccountA), both, session: onlyGet));
        Assert.Equal(new AccessDecision(Verdict.ImplicitDeny, PolicyType.Identity), Decide(Request(SessionA, "s3:PutObject", Bucket + "/a", AccountA), onlyGet, session: both));
    }

    [Fact]
    public void A_trust_policy_must_allow_even_when_the_identity_policy_does()
    {
        const string role = "arn:aws:iam::111111111111:role/Target";
        var assume = new[] { IdentityPolicy("Allow", "sts:AssumeRole", "*") };
        var request = Request(UserBobA, "sts:AssumeRole", role, AccountA);
        Assert.Equal(new AccessDecision(Verdict.ImplicitDeny, PolicyType.Resource),
            Decide(request, assume, TrustPolicy("""{"AWS":"arn:aws:iam::111111111111:user/Alice"}"""), role: ResourcePolicyRole.MustAllow));
        Assert.True(Decide(request, assume, TrustPolicy("""{"AWS":"111111111111"}"""), role: ResourcePolicyRole.MustAllow).IsAllowed);
        Assert.True(Decide(request, Array.Empty<IamPolicy>(), TrustPolicy("""{"AWS":"arn:aws:iam::111111111111:user/Bob"}"""), role: ResourcePolicyRole.MustAllow).IsAllowed);
        Assert.Equal(new AccessDecision(Verdict.ImplicitDeny, PolicyType.Identity),
            Decide(request, Array.Empty<IamPolicy>(), TrustPolicy("""{"AWS":"111111111111"}"""), role: ResourcePolicyRole.MustAllow));
    }

    [Fact]
    public void NotPrincipal_with_deny_spares_only_a_caller_all_of_whose_identities_are_listed()
    {
        // The guide's example: "all principals except the user named Bob in AWS account 444455556666 are explicitly denied".
        var bob = RequestPrincipal.User("arn:aws:iam::444455556666:user/Bob", "aws", "444455556666");
        var alice = RequestPrincipal.User("arn:aws:iam::444455556666:user/Alice", "aws", "444455556666");
        var withAccount = """{"AWS":["arn:aws:iam::444455556666:user/Bob","arn:aws:iam::444455556666:root"]}""";
        var bobOnly = """{"AWS":"arn:aws:iam::444455556666:user/Bob"}""";

        IamPolicy DenyAllBut(string listed) => PolicyParser.Parse(
            """{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::BUCKETNAME/*"},"""
            + """{"Effect":"Deny","NotPrincipal":""" + listed + ""","Action":"s3:*","Resource":"arn:aws:s3:::BUCKETNAME/*"}]}""",
            PolicyUse.Resource);

        AccessDecision For(RequestPrincipal who, string listed) =>
            Decide(Request(who, "s3:GetObject", "arn:aws:s3:::BUCKETNAME/x", "999999999999"), new[] { IdentityPolicy("Allow", "s3:*", "*") }, DenyAllBut(listed));

        Assert.True(For(bob, withAccount).IsAllowed);
        Assert.Equal(Verdict.ExplicitDeny, For(alice, withAccount).Verdict);
        Assert.Equal(Verdict.ExplicitDeny, For(bob, bobOnly).Verdict);
    }
}

namespace CrossAcctApi.Sandbox.Tests.Differential;

/// <summary>
/// Where iam-simulate reads a policy against the IAM User Guide. Each case states the guide's answer (which the sandbox
/// must give) and is run through iam-simulate too, which must still give the other answer: when a new iam-simulate gets
/// one right, this test fails, and the case can go back into the generator (or out of <see cref="KnownOracleDifferences"/>).
/// </summary>
public sealed class KnownOracleDefectTests
{
    private const string Invoke = "execute-api:Invoke";
    private const string Items = "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items";
    private const string AllowAll = """{"Effect":"Allow","Action":"*","Resource":"*"}""";
    private const string AllowS3Only = """{"Effect":"Allow","Action":"s3:*","Resource":"*"}""";

    private static readonly KnownDefect[] Defects =
    {
        // Resource element: "You can use wildcard characters (* and ?) within the individual segments of an ARN (the parts
        // separated by colons)"; the API id is part of the resource segment of an execute-api ARN. iam-simulate matches
        // an execute-api resource's API id literally, so the wildcard matches nothing there. (Left out of the generator.)
        new("a wildcard in the API-id part of an execute-api ARN", "Allowed", "ImplicitlyDenied",
            Case(0, Bob, identity: """{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:111111111111:a1b2*/*"}""")),

        // Condition operators, date: "You must specify date/time values with one of the W3C implementations of the ISO
        // 8601 date formats or in epoch (UNIX) time"; both denote instants. iam-simulate reads epoch values as seconds
        // and ISO values as milliseconds and compares the two numbers. (Left out of the generator.)
        new("an epoch-second policy date against an ISO request date", "Allowed", "ImplicitlyDenied",
            Case(1, Bob, identity: """{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"1893456000"}}}""")),
        new("an ISO policy date against an epoch-second request date", "Allowed", "ImplicitlyDenied",
            Case(2, Bob, identity: """{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateGreaterThan":{"aws:EpochTime":"2020-01-01T00:00:00Z"}}}""")),

        // Condition operators, IP address: "If you specify an IP address without the associated routing prefix, IAM uses
        // the default prefix value of /32"; an IPv6 source is not in 203.0.113.5/32, so NotIpAddress holds. iam-simulate
        // compares a bare address as a string and calls every other-family address a non-match. (Left out of the generator.)
        new("a bare IP address in NotIpAddress against an IPv6 source", "Allowed", "ImplicitlyDenied",
            Case(3, Bob, identity: """{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"203.0.113.5"}}}""")),

        // NotPrincipal with Deny: "you must also specify the account ARN of the not-denied principal. Otherwise, the policy
        // might deny access to the entire account containing the principal ... AWS might validate the account first and
        // then the user". Bob's account is not listed, so the Deny reaches him; iam-simulate spares a caller when any one
        // of its identities is listed. (The generator lists all or none of a caller's identities.)
        new("a NotPrincipal Deny naming the user but not its account", "ExplicitlyDenied", "Allowed",
            Case(4, Bob, identity: AllowAll, resource: """{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111111111111:user/Bob"},"Action":"*","Resource":"*"}""")),

        // Resource-based policies within one account: "Permissions granted directly to a session are not limited by an
        // implicit deny in an identity-based policy, a permissions boundary, or session policy". (KnownOracleDifferences.)
        new("a grant to the session ARN and a session policy that allows nothing here", "Allowed", "ImplicitlyDenied",
            Case(5, SessionA, session: AllowS3Only, resource: """{"Effect":"Allow","Principal":{"AWS":"arn:aws:sts::111111111111:assumed-role/Reader/s1"},"Action":"*","Resource":"*"}""")),
        new("a grant to everyone filtered by aws:PrincipalArn, and a session policy that allows nothing here", "Allowed", "ImplicitlyDenied",
            Case(6, SessionA, session: AllowS3Only,
                resource: """{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111111111111:role/Reader"}}}""")),

        // NotPrincipal with Deny denies "all principals except for the ones specified"; here the one specified is the
        // caller, and its boundary allows the call. iam-simulate reports an explicit deny once a boundary is present.
        // (KnownOracleDifferences.)
        new("a NotPrincipal Deny that excludes the caller, with a permissions boundary", "Allowed", "ExplicitlyDenied",
            Case(7, Bob, identity: AllowAll, boundary: AllowAll,
                resource: """{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111111111111:user/Bob","111111111111"]},"Action":"*","Resource":"*"}""")),
    };

    private static readonly Lazy<IReadOnlyDictionary<int, string>> Oracle =
        new(() => IamSimulateOracle.Evaluate(Defects.Select(d => d.Case.ToOracleJson())));

    public static TheoryData<int> Ids => new(Enumerable.Range(0, Defects.Length));

    private static CasePrincipal Bob => CaseVocabulary.Callers[0];

    private static CasePrincipal SessionA => CaseVocabulary.Callers[2];

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_sandbox_follows_the_guide_where_iam_simulate_does_not(int id)
    {
        var defect = Defects[id];
        Assert.Equal(defect.GuideAnswer, defect.Case.DecideWithSandbox());
        Assert.True(Oracle.Value[defect.Case.Id] == defect.OracleAnswer,
            $"iam-simulate now answers {Oracle.Value[defect.Case.Id]} for {defect.Name}; it reads the guide as the sandbox does now.");
    }

    // A call on account A's API; the request holds both date forms and an IPv6 source. Each policy is one statement.
    private static GeneratedCase Case(int id, CasePrincipal caller, string? identity = null, string? session = null, string? boundary = null, string? resource = null) => new()
    {
        Id = id,
        Principal = caller,
        Action = Invoke,
        Resource = Items,
        ResourceAccount = CaseVocabulary.AccountA,
        Context = new Dictionary<string, string[]>
        {
            ["aws:PrincipalArn"] = new[] { caller.RoleArn ?? caller.Arn },
            ["aws:PrincipalAccount"] = new[] { caller.AccountId },
            ["aws:CurrentTime"] = new[] { "2026-01-01T00:00:00Z" },
            ["aws:EpochTime"] = new[] { "1767225600" },
            ["aws:SourceIp"] = new[] { "2001:db8::1" },
        },
        IdentityPolicies = identity == null ? Array.Empty<string>() : new[] { Policy(identity) },
        SessionPolicy = session == null ? null : Policy(session),
        PermissionsBoundary = boundary == null ? null : Policy(boundary),
        ResourcePolicy = resource == null ? null : Policy(resource),
    };

    private static string Policy(string statement) => "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement + "]}";

    private sealed record KnownDefect(string Name, string GuideAnswer, string OracleAnswer, GeneratedCase Case)
    {
        public override string ToString() => Name;
    }
}

using System.Text.Json.Nodes;

namespace CrossAcctApi.Sandbox.Tests.Differential;

/// <summary>
/// Generates authorization cases from a seed: callers of two accounts (users and role sessions) invoking an HTTP API or
/// assuming a role of account A, with random identity, session, boundary, resource and trust policies and request
/// context. The vocabularies (<see cref="CaseVocabulary"/>) keep to what all three evaluators read the same way by the
/// IAM User Guide; the known defects of iam-simulate are left out unless <c>beyondOracle</c> is set (for comparing with
/// the module alone), and are checked in <see cref="KnownOracleDefectTests"/>.
/// </summary>
internal sealed class CaseGenerator
{
    private readonly Random _random;
    private readonly bool _beyondOracle;

    public CaseGenerator(int seed, bool beyondOracle = false)
    {
        _random = new Random(seed);
        _beyondOracle = beyondOracle;
    }

    private IReadOnlyList<string> InvokeResources => _beyondOracle ? CaseVocabulary.InvokeResources.Concat(CaseVocabulary.BeyondOracleResources).ToArray() : CaseVocabulary.InvokeResources;

    private IReadOnlyList<(string[] Ops, string Key, string[] Values)> ConditionPool(bool assume) =>
        (assume ? CaseVocabulary.AssumeConditions : CaseVocabulary.Conditions).Concat(_beyondOracle ? CaseVocabulary.BeyondOracleConditions : Array.Empty<(string[], string, string[])>()).ToArray();

    public IReadOnlyList<GeneratedCase> Generate(int count) => Enumerable.Range(1, count).Select(Next).ToList();

    private GeneratedCase Next(int id)
    {
        var caller = Pick(CaseVocabulary.Callers);
        var assume = Chance(0.3);
        var action = assume ? "sts:AssumeRole" : "execute-api:Invoke";
        var resource = assume ? CaseVocabulary.TargetRole : Pick(CaseVocabulary.InvokeArns);
        return new GeneratedCase
        {
            Id = id,
            Principal = caller,
            Action = action,
            Resource = resource,
            ResourceAccount = CaseVocabulary.AccountA,
            Context = Context(caller, assume),
            IdentityPolicies = Enumerable.Range(0, _random.Next(0, 3)).Select(_ => Policy(assume, withPrincipal: false, caller)).ToList(),
            SessionPolicy = caller.IsSession && Chance(0.3) ? Policy(assume, withPrincipal: false, caller) : null,
            PermissionsBoundary = Chance(0.2) ? Policy(assume, withPrincipal: false, caller) : null,
            ResourcePolicy = assume || Chance(0.4) ? Policy(assume, withPrincipal: true, caller) : null,
        };
    }

    private string Policy(bool assume, bool withPrincipal, CasePrincipal caller)
    {
        var statements = new JsonArray();
        var count = withPrincipal ? _random.Next(1, 3) : _random.Next(1, 4);
        for (var i = 0; i < count; i++) statements.Add(Statement(assume, withPrincipal, caller));
        return new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = statements }.ToJsonString();
    }

    private void AddPrincipal(JsonObject statement, CasePrincipal caller)
    {
        var wholeOrNone = CaseVocabulary.NotPrincipals.Where(list => _beyondOracle || !caller.IsNamedPartlyBy(list)).ToList();
        if (Chance(0.15) && wholeOrNone.Count > 0)
        {
            statement["NotPrincipal"] = new JsonObject { ["AWS"] = new JsonArray(Pick(wholeOrNone).Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()) };
            return;
        }

        statement["Principal"] = JsonNode.Parse(Pick(CaseVocabulary.Principals));
    }

    private JsonObject Statement(bool assume, bool withPrincipal, CasePrincipal caller)
    {
        var statement = new JsonObject { ["Effect"] = Chance(0.75) ? "Allow" : "Deny" };
        if (withPrincipal) AddPrincipal(statement, caller);
        statement[Chance(0.1) ? "NotAction" : "Action"] = Values(assume ? CaseVocabulary.AssumeActions : CaseVocabulary.InvokeActions, 2);

        // A trust policy has no Resource; it applies to the role it is attached to.
        if (!(withPrincipal && assume))
        {
            statement[Chance(0.1) ? "NotResource" : "Resource"] = Values(assume ? CaseVocabulary.RoleResources : InvokeResources, 2);
        }

        var clauses = Chance(0.5) ? _random.Next(1, 3) : 0;
        if (clauses > 0) statement["Condition"] = Condition(clauses, assume);
        return statement;
    }

    private JsonObject Condition(int clauses, bool assume)
    {
        var condition = new JsonObject();
        for (var i = 0; i < clauses; i++)
        {
            var (ops, key, values) = Pick(ConditionPool(assume));
            var op = Pick(ops);
            if (condition[op] is not JsonObject keys) condition[op] = keys = new JsonObject();
            if (!keys.ContainsKey(key)) keys[key] = Values(values, 3);
        }

        return condition;
    }

    private Dictionary<string, string[]> Context(CasePrincipal principal, bool assume)
    {
        var context = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["aws:PrincipalArn"] = new[] { principal.RoleArn ?? principal.Arn },
            ["aws:PrincipalAccount"] = new[] { principal.AccountId },
            ["aws:PrincipalType"] = new[] { principal.IsSession ? "AssumedRole" : "User" },
            ["aws:CurrentTime"] = new[] { CaseVocabulary.Now },
            ["aws:EpochTime"] = new[] { CaseVocabulary.NowEpoch },
            ["aws:SourceIp"] = new[] { Pick(CaseVocabulary.SourceIps) },
        };
        if (!principal.IsSession) context["aws:username"] = new[] { principal.Arn[(principal.Arn.LastIndexOf('/') + 1)..] };
        if (principal.IsSession) context["aws:TokenIssueTime"] = new[] { CaseVocabulary.IssuedAt };
        if (Chance(0.5)) context["aws:PrincipalTag/team"] = new[] { Pick(CaseVocabulary.Teams) };
        if (Chance(0.3)) context["aws:PrincipalTag/owner"] = new[] { Pick(CaseVocabulary.Owners) };
        if (Chance(0.5)) context["aws:TagKeys"] = Subset(CaseVocabulary.TagKeys, 1);
        if (Chance(principal.IsSession ? 0.7 : 0.3))
        {
            var mfa = Chance(0.5);
            context["aws:MultiFactorAuthPresent"] = new[] { mfa ? "true" : "false" };
            if (mfa) context["aws:MultiFactorAuthAge"] = new[] { Pick(CaseVocabulary.MfaAges) };
        }

        if (assume && Chance(0.5)) context["sts:ExternalId"] = new[] { Pick(CaseVocabulary.ExternalIds) };
        return context;
    }

    // One value as a string, or an array of 1..max distinct values.
    private JsonNode Values(IReadOnlyList<string> pool, int max)
    {
        if (Chance(0.5)) return JsonValue.Create(Pick(pool))!;
        return new JsonArray(Subset(pool, 1, max).Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
    }

    private string[] Subset(IReadOnlyList<string> pool, int min, int? max = null)
    {
        var count = _random.Next(min, Math.Min(max ?? pool.Count, pool.Count) + 1);
        return pool.OrderBy(_ => _random.Next()).Take(count).ToArray();
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private bool Chance(double probability) => _random.NextDouble() < probability;
}

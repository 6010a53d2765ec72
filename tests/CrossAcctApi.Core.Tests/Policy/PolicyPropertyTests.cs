using System.Text;
using System.Text.RegularExpressions;
using CrossAcctApi.Core.Arns;
using CrossAcctApi.Core.Policy;
using CsCheck;
using Xunit;

namespace CrossAcctApi.Core.Tests.Policy;

/// <summary>Properties over random policies and requests (CsCheck shrinks any counterexample it finds).</summary>
public class PolicyPropertyTests
{
    private static readonly string[] Actions =
    {
        "execute-api:Invoke", "execute-api:*", "execute-api:Inv?ke", "*", "sts:AssumeRole", "s3:GetObject", "EXECUTE-API:invoke", "execute-api:ManageConnections",
    };

    private static readonly string[] Resources =
    {
        "*", "arn:*", "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/*/*", "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/*",
        "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*/*/admin/*", "arn:aws:execute-api:*:*:*/GET/*", "arn:aws:execute-api:us-east-?:*:a1b2c3d4e5/*",
        "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/users/${aws:username}/*", "arn:aws:execute-api:us-east-1:111111111111:${aws:PrincipalTag/api, 'a1b2c3d4e5'}/*",
        "arn:aws:iam::111111111111:role/*", "arn:aws:s3:::bucket/${*}", "arn:", "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/${",
    };

    private static readonly string[] Operators =
    {
        "StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "StringEqualsIgnoreCase", "Bool", "BoolIfExists", "NumericLessThan",
        "NumericGreaterThanEquals", "DateLessThan", "DateGreaterThan", "IpAddress", "NotIpAddress", "ArnLike", "ArnNotEquals", "Null", "BinaryEquals",
        "ForAnyValue:StringLike", "ForAllValues:StringEquals", "ForAllValues:StringNotLikeIfExists", "StringMaybe", "NullIfExists", "stringequals",
    };

    private static readonly string[] Keys =
    {
        "sts:ExternalId", "aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge", "aws:SourceIp", "aws:CurrentTime", "aws:PrincipalArn",
        "aws:PrincipalAccount", "aws:TagKeys", "aws:username", "aws:PrincipalTag/api",
    };

    private static readonly string[] Values =
    {
        "audit-2026", "true", "false", "3600", "-1", "1.5e3", "10.0.0.0/8", "203.0.113.7", "2001:db8::/32", "2026-01-01T00:00:00Z", "1767225600",
        "arn:aws:iam::222222222222:role/*", "arn:aws:sts::222222222222:assumed-role/CallerRole/ci-run", "222222222222", "a*", "?", "", "${aws:username}",
        "QmluYXJ5", "not a number", "a1b2c3d4e5", "alice",
    };

    private static readonly string[] Principals =
    {
        "\"*\"", "{\"AWS\":\"*\"}", "{\"AWS\":\"arn:aws:iam::222222222222:root\"}", "{\"AWS\":\"222222222222\"}", "{\"AWS\":[\"arn:aws:iam::222222222222:role/CallerRole\",\"333333333333\"]}",
        "{\"Service\":\"lambda.amazonaws.com\"}", "{\"AWS\":\"arn:aws:sts::222222222222:assumed-role/CallerRole/ci-run\"}", "{\"AWS\":\"garbage\"}",
    };

    private static readonly string[] RequestResources =
    {
        "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/items/42", "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/x/admin/y",
        "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/POST/items", "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/users/alice/p",
        "arn:aws:iam::111111111111:role/CrossAccountInvoker", "arn:aws:s3:::bucket/*", "*", "not-an-arn",
    };

    private static readonly string[] Callers =
    {
        "arn:aws:sts::222222222222:assumed-role/CallerRole/ci-run", "arn:aws:iam::222222222222:user/alice", "arn:aws:iam::333333333333:root", "garbage", "",
    };

    private static Gen<string> Pick(string[] pool) => Gen.Int[0, pool.Length - 1].Select(i => pool[i]);

    private static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    private static Gen<string> StringOrArray(string[] pool) =>
        Gen.Bool.SelectMany(single => single
            ? Pick(pool).Select(Quote)
            : Pick(pool).Array[0, 3].Select(a => "[" + string.Join(",", a.Select(Quote)) + "]"));

    private static readonly Gen<string> Condition =
        Gen.Select(Pick(Operators), Pick(Keys), StringOrArray(Values), (op, key, values) => $"{{{Quote(op)}:{{{Quote(key)}:{values}}}}}");

    /// <summary>A statement built from valid and invalid pieces, so both parse errors and evaluations happen.</summary>
    private static readonly Gen<string> Statement =
        Gen.Select(
            Gen.Frequency((8, Gen.Const("\"Allow\"")), (8, Gen.Const("\"Deny\"")), (1, Gen.Const("\"allow\"")), (1, Gen.Const("7"))),
            Gen.Frequency((6, StringOrArray(Actions).Select(a => "\"Action\":" + a)), (2, StringOrArray(Actions).Select(a => "\"NotAction\":" + a)), (1, Gen.Const("\"Action\":\"Invoke\""))),
            Gen.Frequency((6, StringOrArray(Resources).Select(r => ",\"Resource\":" + r)), (2, StringOrArray(Resources).Select(r => ",\"NotResource\":" + r)), (1, Gen.Const(string.Empty))),
            Gen.Frequency((3, Gen.Const(string.Empty)), (3, Pick(Principals).Select(p => ",\"Principal\":" + p)), (1, Pick(Principals).Select(p => ",\"NotPrincipal\":" + p))),
            Gen.Frequency((3, Gen.Const(string.Empty)), (3, Condition.Select(c => ",\"Condition\":" + c))),
            (effect, action, resource, principal, condition) => $"{{\"Effect\":{effect},{action}{resource}{principal}{condition}}}");

    /// <summary>A statement IAM would accept, biased towards the requests generated below, so evaluations often allow.</summary>
    private static readonly Gen<string> PlausibleStatement =
        Gen.Select(
            Gen.OneOf("Allow", "Allow", "Deny"),
            Gen.Frequency((5, Gen.Const("\"Action\":\"execute-api:Invoke\"")), (3, StringOrArray(Actions).Select(a => "\"Action\":" + a)), (1, StringOrArray(Actions).Select(a => "\"NotAction\":" + a))),
            Gen.Frequency((5, StringOrArray(Resources).Select(r => ",\"Resource\":" + r)), (1, StringOrArray(Resources).Select(r => ",\"NotResource\":" + r)), (1, Gen.Const(string.Empty))),
            Gen.Frequency((2, Gen.Const(string.Empty)), (3, Pick(Principals).Select(p => ",\"Principal\":" + p)), (1, Pick(Principals).Select(p => ",\"NotPrincipal\":" + p))),
            Gen.Frequency((3, Gen.Const(string.Empty)), (1, Condition.Select(c => ",\"Condition\":" + c))),
            (effect, action, resource, principal, condition) => $"{{\"Effect\":\"{effect}\",{action}{resource}{principal}{condition}}}");

    private static readonly Gen<string> PlausibleDocumentJson =
        Gen.Select(Gen.OneOf("2012-10-17", "2008-10-17"), PlausibleStatement.Array[1, 4], (version, statements) =>
            $"{{\"Version\":\"{version}\",\"Statement\":[{string.Join(",", statements)}]}}");

    private static readonly Gen<string> DocumentJson =
        Gen.Select(Gen.OneOf("2012-10-17", "2008-10-17"), Statement.Array[0, 4], (version, statements) =>
            $"{{\"Version\":\"{version}\",\"Statement\":[{string.Join(",", statements)}]}}");

    /// <summary>Documents mutated at random positions: truncated, with characters dropped or inserted.</summary>
    private static readonly Gen<string> MangledJson =
        Gen.Select(DocumentJson, Gen.Int[0, 10_000], Gen.Int[0, 3], Gen.Char["{}[],:\"\\ ax*$/"], (json, position, how, c) =>
        {
            int at = json.Length == 0 ? 0 : position % json.Length;
            return how switch
            {
                0 => json.Substring(0, at),
                1 => json.Remove(at, 1),
                2 => json.Insert(at, c.ToString()),
                _ => json,
            };
        });

    private static readonly Gen<RequestContext> Context =
        Gen.Select(
            Gen.Frequency((4, Gen.Const("execute-api:Invoke")), (1, Pick(Actions.Where(a => !a.Contains('*') && !a.Contains('?')).ToArray()))),
            Pick(RequestResources),
            Pick(Callers),
            Gen.Select(Pick(Keys), Pick(Values).Array[0, 2]).Array[0, 4],
            Gen.Bool,
            (action, resource, caller, keys, unknown) =>
            {
                var dictionary = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
                foreach ((string key, string[] values) in keys)
                {
                    dictionary[key] = values;
                }

                return new RequestContext(action, resource)
                {
                    PrincipalArn = caller.Length == 0 ? null : caller,
                    ConditionKeys = dictionary,
                    Missing = unknown ? MissingConditionKeys.Unknown : MissingConditionKeys.Absent,
                };
            });

    private static PolicyDocument? TryParse(string json)
    {
        try
        {
            return PolicyDocument.Parse(json);
        }
        catch (CrossAcctApiException)
        {
            return null;
        }
    }

    [Fact]
    public void Parsing_random_and_mangled_documents_throws_nothing_but_CrossAcctApiException()
    {
        Gen.OneOf(DocumentJson, MangledJson).Sample(json =>
        {
            try
            {
                PolicyDocument doc = PolicyDocument.Parse(json);
                Assert.Equal(json, doc.Json);
            }
            catch (CrossAcctApiException ex)
            {
                Assert.Equal("InvalidPolicyDocument", ex.ErrorId);
            }
        }, iter: 3000);
    }

    [Fact]
    public void Evaluating_random_policies_throws_nothing_and_is_consistent()
    {
        Gen.Select(Gen.OneOf(DocumentJson, PlausibleDocumentJson).Array[1, 3], Context, Gen.OneOf(PolicyKind.Identity, PolicyKind.Resource)).Sample((jsons, context, kind) =>
        {
            PolicyDocument[] docs = jsons.Select(TryParse).Where(d => d != null).ToArray()!;
            PolicyEvaluationResult result = PolicyEvaluator.Evaluate(docs, context, kind);

            bool anyDeny = result.MatchingStatements.Any(m => m.Effect == PolicyEffect.Deny);
            bool anyAllow = result.MatchingStatements.Any(m => m.Effect == PolicyEffect.Allow);
            PolicyDecision expected = anyDeny ? PolicyDecision.ExplicitDeny : anyAllow ? PolicyDecision.Allowed : PolicyDecision.ImplicitDeny;
            Assert.Equal(expected, result.Decision);
            Assert.Equal(result.Decision == PolicyDecision.Allowed, result.IsAllowed);
            if (context.Missing == MissingConditionKeys.Absent)
            {
                // Without unknown keys only unsupported operators and invalid values may stay open.
                Assert.All(result.UnevaluatedConditions, u => Assert.DoesNotContain("not in the request context", u.Reason));
            }
        }, iter: 1500);
    }

    [Fact]
    public void Adding_a_deny_statement_never_turns_a_denial_into_an_allow()
    {
        int evaluated = 0, allowedBefore = 0;
        Gen.Select(PlausibleDocumentJson, Gen.OneOf(Statement, PlausibleStatement), Context, Gen.OneOf(PolicyKind.Identity, PolicyKind.Resource)).Sample((json, extra, context, kind) =>
        {
            PolicyDocument? doc = TryParse(json);
            string denyOnly = extra.Replace("\"Allow\"", "\"Deny\"");
            PolicyDocument? denyDoc = TryParse($"{{\"Version\":\"2012-10-17\",\"Statement\":[{denyOnly}]}}");
            if (doc == null || denyDoc == null)
            {
                return;
            }

            PolicyDecision before = PolicyEvaluator.Evaluate(new[] { doc }, context, kind).Decision;
            PolicyDecision after = PolicyEvaluator.Evaluate(new[] { doc, denyDoc }, context, kind).Decision;
            Interlocked.Increment(ref evaluated);
            if (before == PolicyDecision.Allowed)
            {
                Interlocked.Increment(ref allowedBefore);
            }

            if (before != PolicyDecision.Allowed)
            {
                Assert.NotEqual(PolicyDecision.Allowed, after);
            }

            if (before == PolicyDecision.ExplicitDeny)
            {
                Assert.Equal(PolicyDecision.ExplicitDeny, after);
            }
        }, iter: 1500);

        // Guard against a vacuous property: the generators must produce parseable policies that allow sometimes.
        Assert.True(evaluated > 400, $"only {evaluated} of 1500 samples parsed");
        Assert.True(allowedBefore > 40, $"only {allowedBefore} of {evaluated} samples were allowed before the deny");
    }

    [Fact]
    public void Adding_a_matching_deny_always_gives_explicit_deny()
    {
        Gen.Select(Gen.OneOf(DocumentJson, PlausibleDocumentJson), Context, Gen.OneOf(PolicyKind.Identity, PolicyKind.Resource)).Sample((json, context, kind) =>
        {
            PolicyDocument? doc = TryParse(json);
            if (doc == null)
            {
                return;
            }

            // Matches this exact request: its action (case-folded), its resource, and everyone.
            string deny = $"{{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":{Quote(context.Action.ToUpperInvariant())},\"Resource\":\"*\"}}";
            PolicyDocument denyDoc = PolicyDocument.Parse($"{{\"Statement\":[{deny}]}}");

            Assert.Equal(PolicyDecision.ExplicitDeny, PolicyEvaluator.Evaluate(new[] { doc, denyDoc }, context, kind).Decision);
            Assert.Equal(PolicyDecision.ExplicitDeny, PolicyEvaluator.Evaluate(new[] { denyDoc, doc }, context, kind).Decision);
        }, iter: 1000);
    }

    [Fact]
    public void Adding_an_allow_never_lifts_an_explicit_deny()
    {
        Gen.Select(Gen.OneOf(DocumentJson, PlausibleDocumentJson), Context).Sample((json, context) =>
        {
            PolicyDocument? doc = TryParse(json);
            if (doc == null)
            {
                return;
            }

            PolicyDecision before = PolicyEvaluator.Evaluate(new[] { doc }, context).Decision;
            PolicyDocument allowAll = PolicyDocument.Parse("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}");
            PolicyDecision after = PolicyEvaluator.Evaluate(new[] { doc, allowAll }, context).Decision;

            Assert.Equal(before == PolicyDecision.ExplicitDeny ? PolicyDecision.ExplicitDeny : PolicyDecision.Allowed, after);
        }, iter: 1000);
    }

    [Fact]
    public void Wildcard_matching_agrees_with_a_regex_reference()
    {
        Gen<string> text = Gen.String[Gen.Char["ab/:*?"], 0, 10];
        Gen.Select(text, Gen.String[Gen.Char["ab/:"], 0, 12], Gen.Bool).Sample((pattern, value, ignoreCase) =>
        {
            string regex = "^" + string.Concat(pattern.Select(c => c == '*' ? "[\\s\\S]*" : c == '?' ? "[\\s\\S]" : Regex.Escape(c.ToString()))) + "$";
            bool expected = Regex.IsMatch(value, regex, ignoreCase ? RegexOptions.IgnoreCase | RegexOptions.CultureInvariant : RegexOptions.None);

            Assert.Equal(expected, IamWildcard.IsMatch(pattern, value, ignoreCase));
        }, iter: 5000);
    }

    [Fact]
    public void Arn_parsers_throw_only_CrossAcctApiException_on_random_text()
    {
        Gen<string> pieces = Gen.OneOf("arn", "aws", "aws-cn", "iam", "sts", "execute-api", "us-east-1", "111111111111", "1111", "role", "assumed-role",
            "a1b2c3d4e5", "$default", "GET", "x", "*", "", "é", "\n");
        Gen<string> text = pieces.Array[0, 9].Select(Gen.Char[":/"].Array[9], (parts, seps) =>
        {
            var sb = new StringBuilder();
            for (int i = 0; i < parts.Length; i++)
            {
                sb.Append(parts[i]);
                if (i < parts.Length - 1)
                {
                    sb.Append(seps[i]);
                }
            }

            return sb.ToString();
        });

        text.Sample(s =>
        {
            AssertOnlyCoreExceptions(() => Arn.Parse(s), Arn.TryParse(s, out _));
            AssertOnlyCoreExceptions(() => RoleArn.Parse(s), RoleArn.TryParse(s, out _));
            AssertOnlyCoreExceptions(() => AssumedRoleArn.Parse(s), AssumedRoleArn.TryParse(s, out _));
            AssertOnlyCoreExceptions(() => ExecuteApiArn.Parse(s), ExecuteApiArn.TryParse(s, out _));
        }, iter: 3000);
    }

    private static void AssertOnlyCoreExceptions(Func<object> parse, bool tryParseResult)
    {
        try
        {
            object parsed = parse();
            Assert.True(tryParseResult);
            Assert.NotNull(parsed.ToString());
        }
        catch (CrossAcctApiException)
        {
            Assert.False(tryParseResult);
        }
    }

    [Fact]
    public void ForRequest_arns_round_trip_and_are_matched_by_their_own_text()
    {
        Gen<string> segment = Gen.String[Gen.Char["abcXYZ019-_.~%20"], 1, 8];
        Gen.Select(Gen.OneOf("$default", "prod", "v1"), Gen.OneOf("GET", "post", "DELETE"), segment.Array[0, 4]).Sample((stage, method, segments) =>
        {
            string path = (stage == "$default" ? string.Empty : "/" + stage) + "/" + string.Join("/", segments);
            ExecuteApiArn arn;
            try
            {
                arn = ExecuteApiArn.ForRequest("aws", "us-east-1", "111111111111", "a1b2c3d4e5", stage, method, path);
            }
            catch (CrossAcctApiException ex) when (ex.ErrorId == "InvalidRequestPath")
            {
                Assert.Contains(path, ex.Message);
                return;
            }


            Assert.Equal(arn, ExecuteApiArn.Parse(arn.ToString()));
            Assert.False(arn.Path.StartsWith('/'));
            PolicyDocument exact = PolicyDocument.Parse("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"execute-api:Invoke\",\"Resource\":" + Quote(arn.ToString()) + "}}");
            Assert.True(PolicyEvaluator.Evaluate(exact, new RequestContext("execute-api:Invoke", arn.ToString())).IsAllowed);
        }, iter: 1000);
    }
}

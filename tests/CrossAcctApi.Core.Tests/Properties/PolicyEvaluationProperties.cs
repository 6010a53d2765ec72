using System.Text.Json;
using CrossAcctApi.Core.Policy;
using CsCheck;
using Xunit;
using static CrossAcctApi.Core.Tests.Properties.PropertyInputs;

namespace CrossAcctApi.Core.Tests.Properties;

/// <summary>
/// Policy parsing and evaluation over hostile input (the structured generators of Policy/PolicyPropertyTests.cs stay
/// close to IAM's grammar; these do not): any text, any JSON shape, any request values. Nothing but
/// <see cref="CrossAcctApiException"/> may escape, and a decision may not depend on the order statements or
/// documents come in.
/// </summary>
public sealed class PolicyEvaluationProperties
{
    private static readonly Gen<string> Scalar = Gen.OneOf(
        Gen.OneOf("null", "true", "false", "0", "-1", "1e309", "123456789012345678901234567890", "0.5", "\"\"", "\"*\"", "\"Allow\"", "\"Deny\"",
            "\"2012-10-17\"", "\"execute-api:Invoke\"", "\"arn:aws:execute-api:*\"", "\"${aws:username}\"", "\"${\"", "\"10.0.0.0/8\""),
        HostileText.Select(Quote));

    /// <summary>JSON values of every kind, nested: the wrong type in every place a policy has a field.</summary>
    private static readonly Gen<string> AnyJson = JsonValue(0);

    private static Gen<string> JsonValue(int depth)
    {
        if (depth >= 4)
        {
            return Scalar;
        }

        var inner = JsonValue(depth + 1);
        return Gen.Frequency(
            (4, Scalar),
            (1, inner.Array[0, 3].Select(items => "[" + string.Join(",", items) + "]")),
            (2, Gen.Select(Gen.OneOf("Version", "Statement", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal",
                    "Condition", "Sid", "AWS", "StringLike", "aws:SourceIp", "", "\u0000", "Statement"), inner).Array[0, 4]
                .Select(fields => "{" + string.Join(",", fields.Select(f => Quote(f.Item1) + ":" + f.Item2)) + "}")));
    }

    private static readonly string[] Actions = { "execute-api:Invoke", "execute-api:*", "*", "execute-api:Inv?ke", "s3:GetObject", "EXECUTE-API:INVOKE" };

    private static readonly string[] Resources =
    {
        "*", "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*", "arn:aws:execute-api:*:*:*/prod/GET/*",
        "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*/*/admin/*", "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/*/items/${aws:username}",
    };

    private static readonly string[] Conditions =
    {
        string.Empty,
        ",\"Condition\":{\"StringEquals\":{\"aws:PrincipalAccount\":\"222222222222\"}}",
        ",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}",
        ",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}",
        ",\"Condition\":{\"StringLike\":{\"aws:username\":\"a*\"}}",
    };

    private static readonly Gen<string> Statement =
        Gen.Select(Gen.OneOf("Allow", "Deny"), Gen.OneOf("Action", "NotAction"), Gen.OneOf(Actions), Gen.OneOf(Resources), Gen.OneOf(Conditions),
            (effect, key, action, resource, condition) => $"{{\"Effect\":\"{effect}\",\"{key}\":{Quote(action)},\"Resource\":{Quote(resource)}{condition}}}");

    /// <summary>A request with any values: the resource and action need not be ARNs or actions at all.</summary>
    private static readonly Gen<RequestContext> AnyRequest =
        Gen.Select(
                Gen.OneOf(Gen.Const("execute-api:Invoke"), HostileText),
                Gen.OneOf(Gen.Const("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items/42"), HostileText.Select(t => "arn:aws:execute-api:" + t), HostileText),
                Gen.OneOf(Gen.Const<string?>("arn:aws:sts::222222222222:assumed-role/Caller/s"), HostileText.Null(0.3)),
                Gen.Select(Gen.OneOf("aws:SourceIp", "aws:username", "aws:MultiFactorAuthPresent", "aws:PrincipalAccount"), HostileText.Array[0, 2]).Array[0, 3],
                Gen.Bool)
            .Select((action, resource, principal, keys, unknown) =>
            {
                RequestContext context;
                try
                {
                    context = new RequestContext(action, resource) { PrincipalArn = principal, Missing = unknown ? MissingConditionKeys.Unknown : MissingConditionKeys.Absent };
                }
                catch (CrossAcctApiException)
                {
                    context = new RequestContext("execute-api:Invoke", "*");
                }

                foreach (var (key, values) in keys)
                {
                    context = context.WithConditionKey(key, values);
                }

                return context;
            });

    [Fact]
    public void Any_text_and_any_JSON_shape_is_parsed_or_refused_with_InvalidPolicyDocument()
    {
        var parsed = 0;
        Gen.Frequency(
                (3, AnyJson),
                (1, HostileText),
                (1, Gen.Int[1, 20_000].Select(depth => new string('[', depth) + new string(']', depth))),
                (1, Gen.Int[1, 20_000].Select(depth => string.Concat(Enumerable.Repeat("{\"Statement\":", depth)) + "1" + new string('}', depth))),
                (1, Statement.Array[1, 3].Select(s => "{\"Version\":\"2012-10-17\",\"Statement\":[" + string.Join(",", s) + "],\"Statement\":7}")),
                (1, Statement.Array[1, 3].Select(Document)))
            .Sample(json =>
            {
                try
                {
                    PolicyDocument.Parse(json);
                    Interlocked.Increment(ref parsed);
                }
                catch (CrossAcctApiException ex)
                {
                    Assert.Equal("InvalidPolicyDocument", ex.ErrorId);
                }
            }, iter: 4000);

        Assert.True(parsed > 0, "no generated document parsed: the generator would test refusals only");
    }

    [Fact]
    public void Evaluating_any_request_against_valid_policies_never_throws()
    {
        Gen.Select(Statement.Array[1, 4], AnyRequest, Gen.OneOf(PolicyKind.Identity, PolicyKind.Resource)).Sample((statements, request, kind) =>
        {
            var document = PolicyDocument.Parse(Document(statements));
            var result = PolicyEvaluator.Evaluate(new[] { document }, request, kind);
            Assert.Equal(result.Decision == PolicyDecision.Allowed, result.IsAllowed);
            if (result.Decision == PolicyDecision.Allowed)
            {
                Assert.Contains(result.MatchingStatements, m => m.Effect == PolicyEffect.Allow);
            }
        }, iter: 4000);
    }

    [Fact]
    public void The_decision_does_not_depend_on_the_order_of_statements_or_documents()
    {
        Gen.Select(Statement.Array[1, 6], AnyRequest, Gen.Int[0, int.MaxValue]).Sample((statements, request, seed) =>
        {
            var random = new Random(seed);
            var one = PolicyEvaluator.Evaluate(new[] { PolicyDocument.Parse(Document(statements)) }, request).Decision;

            var shuffled = statements.OrderBy(_ => random.Next()).ToArray();
            Assert.Equal(one, PolicyEvaluator.Evaluate(new[] { PolicyDocument.Parse(Document(shuffled)) }, request).Decision);

            // The same statements spread over several documents, in any order.
            var split = shuffled.Select((s, i) => (s, part: i % 3)).GroupBy(x => x.part).Select(g => PolicyDocument.Parse(Document(g.Select(x => x.s)))).ToArray();
            Assert.Equal(one, PolicyEvaluator.Evaluate(split.OrderBy(_ => random.Next()), request).Decision);
        }, iter: 3000);
    }

    private static string Document(IEnumerable<string> statements) => "{\"Version\":\"2012-10-17\",\"Statement\":[" + string.Join(",", statements) + "]}";

    private static string Quote(string text) => JsonSerializer.Serialize(text);
}

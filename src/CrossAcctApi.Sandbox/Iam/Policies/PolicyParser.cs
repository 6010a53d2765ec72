using System.Text.Json;
using System.Text.RegularExpressions;

namespace CrossAcctApi.Sandbox.Iam.Policies;

/// <summary>
/// Reads an IAM policy document as IAM's policy grammar has it (IAM User Guide, "Grammar of the IAM JSON policy
/// language"): <c>Version</c>, <c>Id</c> and <c>Statement</c> (one object or an array), each statement with
/// <c>Effect</c>, <c>Action</c>|<c>NotAction</c>, <c>Resource</c>|<c>NotResource</c>, <c>Principal</c>|<c>NotPrincipal</c>,
/// <c>Condition</c> and <c>Sid</c>. Strict: plain JSON only, unknown or doubled elements refused, and the elements
/// required or prohibited for the <see cref="PolicyUse"/> checked as IAM checks them.
/// </summary>
internal static class PolicyParser
{
    private static readonly HashSet<string> DocumentElements = new(StringComparer.Ordinal) { "Version", "Id", "Statement" };

    private static readonly HashSet<string> StatementElements = new(StringComparer.Ordinal)
    {
        "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition",
    };

    // IAM: "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"
    private static readonly Regex IamSid = new("^[0-9A-Za-z]*$", RegexOptions.CultureInvariant);

    public static bool TryParse(string? json, PolicyUse use, out IamPolicy? policy, out string? problem)
    {
        policy = null;
        problem = null;
        if (json == null)
        {
            problem = PolicySyntaxException.SyntaxErrors + " (no policy document)";
            return false;
        }

        try
        {
            policy = Parse(json, use);
            return true;
        }
        catch (PolicySyntaxException e)
        {
            problem = e.Message;
            return false;
        }
    }

    public static IamPolicy Parse(string json, PolicyUse use)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new PolicySyntaxException(PolicySyntaxException.SyntaxErrors, $"not JSON: line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}", e);
        }

        using (document)
        {
            return ReadDocument(json, document.RootElement, use);
        }
    }

    private static IamPolicy ReadDocument(string json, JsonElement root, PolicyUse use)
    {
        string? version = null, id = null;
        JsonElement? statementElement = null;
        foreach (var property in PolicyJson.Properties(root, "the policy", DocumentElements))
        {
            switch (property.Name)
            {
                case "Version":
                    version = PolicyJson.String(property.Value, "Version");
                    if (version != IamPolicy.CurrentVersion && version != IamPolicy.LegacyVersion)
                    {
                        throw new PolicySyntaxException("The policy failed legacy parsing", $"Version '{version}' is neither {IamPolicy.CurrentVersion} nor {IamPolicy.LegacyVersion}");
                    }

                    break;
                case "Id":
                    id = PolicyJson.String(property.Value, "Id");
                    break;
                default:
                    statementElement = property.Value;
                    break;
            }
        }

        if (statementElement is not { } statements) throw PolicyJson.Syntax("the policy has no Statement");
        var items = statements.ValueKind switch
        {
            JsonValueKind.Object => new[] { statements },
            JsonValueKind.Array => statements.EnumerateArray().ToArray(),
            _ => throw PolicyJson.Syntax("Statement is not an object or an array of objects"),
        };

        var variablesEnabled = version == IamPolicy.CurrentVersion;
        var parsed = items.Select((item, i) => ReadStatement(item, i, use, variablesEnabled)).ToList();
        CheckSids(parsed, use);
        return new IamPolicy(json, version, id, parsed);
    }

    private static PolicyStatement ReadStatement(JsonElement element, int index, PolicyUse use, bool variablesEnabled)
    {
        var where = $"Statement[{index}]";
        var elements = PolicyJson.Properties(element, where, StatementElements).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

        var effect = elements.TryGetValue("Effect", out var effectValue) ? PolicyJson.String(effectValue, where + ".Effect") : null;
        if (effect is not ("Allow" or "Deny")) throw PolicyJson.Syntax($"{where}.Effect must be \"Allow\" or \"Deny\"");

        return new PolicyStatement
        {
            Index = index,
            Sid = elements.TryGetValue("Sid", out var sid) ? PolicyJson.String(sid, where + ".Sid") : null,
            Effect = effect == "Allow" ? Effect.Allow : Effect.Deny,
            Actions = StatementElementReader.Actions(elements, where),
            Resources = StatementElementReader.Resources(elements, where, use, variablesEnabled),
            Principal = StatementElementReader.Principal(elements, where, use),
            Conditions = elements.TryGetValue("Condition", out var condition)
                ? StatementElementReader.Conditions(condition, where + ".Condition", variablesEnabled)
                : Array.Empty<ConditionClause>(),
        };
    }

    private static void CheckSids(IReadOnlyList<PolicyStatement> statements, PolicyUse use)
    {
        // IAM's own documents (identity, session, trust) hold these rules; other services' resource policies do not.
        if (use == PolicyUse.Resource) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var statement in statements.Where(s => !string.IsNullOrEmpty(s.Sid)))
        {
            var where = $"Statement[{statement.Index}].Sid";
            if (!IamSid.IsMatch(statement.Sid!))
            {
                throw new PolicySyntaxException("Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*", where);
            }

            if (!seen.Add(statement.Sid!)) throw new PolicySyntaxException("Statement IDs (SID) in a single policy must be unique.", where);
        }
    }
}

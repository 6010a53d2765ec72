using System.Text.Json;
using CrossAcctApi.Sandbox.Iam.Arns;
using CrossAcctApi.Sandbox.Iam.Matching;

namespace CrossAcctApi.Sandbox.Iam.Policies;

/// <summary>Reads the Action, Resource, Principal and Condition elements of one statement.</summary>
internal static class StatementElementReader
{
    private const string NeedsVendor = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";

    public static ValueList Actions(IReadOnlyDictionary<string, JsonElement> elements, string where)
    {
        var (name, value) = OneOf(elements, "Action", "NotAction", where);
        var actions = value is { } found ? PolicyJson.Strings(found, $"{where}.{name}") : Array.Empty<string>();
        if (actions.Count == 0) throw new PolicySyntaxException("Policy statement must contain actions.", where);
        foreach (var action in actions)
        {
            if (action == "*") continue;
            var colons = action.Count(c => c == ':');
            if (colons == 0 || action.StartsWith(':')) throw new PolicySyntaxException(NeedsVendor, $"{where}.{name} '{action}'");
            if (colons > 1) throw new PolicySyntaxException("Actions/Condition can contain only one colon.", $"{where}.{name} '{action}'");
        }

        // Action names are matched case-insensitively and hold no policy variables.
        return new ValueList(actions.Select(a => PolicyText.Parse(a, variablesEnabled: false)).ToList(), name == "NotAction");
    }

    public static ValueList? Resources(IReadOnlyDictionary<string, JsonElement> elements, string where, PolicyUse use, bool variablesEnabled)
    {
        var (name, value) = OneOf(elements, "Resource", "NotResource", where);
        if (use == PolicyUse.Trust)
        {
            return value == null ? null : throw new PolicySyntaxException($"Has prohibited field {name}", where);
        }

        var resources = value is { } found ? PolicyJson.Strings(found, $"{where}.{name}") : Array.Empty<string>();
        if (resources.Count == 0) throw new PolicySyntaxException("Policy statement must contain resources.", where);
        foreach (var resource in resources.Where(r => r != "*" && !ArnText.TryParse(r, out _)))
        {
            throw new PolicySyntaxException($"Resource {resource} must be in ARN format or \"*\".", $"{where}.{name}");
        }

        return new ValueList(resources.Select(r => PolicyText.Parse(r, variablesEnabled)).ToList(), name == "NotResource");
    }

    public static PrincipalElement? Principal(IReadOnlyDictionary<string, JsonElement> elements, string where, PolicyUse use)
    {
        var (name, value) = OneOf(elements, "Principal", "NotPrincipal", where);
        if (use == PolicyUse.Identity)
        {
            return value == null ? null : throw new PolicySyntaxException($"Has prohibited field {name}", where);
        }

        if (value is not { } found) throw new PolicySyntaxException("Missing required field Principal", where);
        var isNot = name == "NotPrincipal";
        if (found.ValueKind == JsonValueKind.String)
        {
            return found.GetString() == "*"
                ? new PrincipalElement(isNot, true, Array.Empty<AwsPrincipal>(), Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>())
                : throw InvalidPrincipal(where, found.GetRawText());
        }

        var byType = PolicyJson.Properties(found, $"{where}.{name}").ToDictionary(p => p.Name, p => PolicyJson.Strings(p.Value, $"{where}.{name}.{p.Name}"));
        foreach (var (type, values) in byType)
        {
            if (type is not (PrincipalElement.AwsKey or PrincipalElement.ServiceKey or PrincipalElement.FederatedKey or PrincipalElement.CanonicalUserKey) || values.Count == 0)
            {
                throw InvalidPrincipal(where, $"\"{type}\"");
            }
        }

        var aws = byType.GetValueOrDefault(PrincipalElement.AwsKey) ?? Array.Empty<string>();
        var awsPrincipals = aws.Select(text => AwsPrincipal.Read(text) ?? throw InvalidPrincipal(where, $"\"AWS\":\"{text}\"")).ToList();
        return new PrincipalElement(isNot, false, awsPrincipals,
            byType.GetValueOrDefault(PrincipalElement.ServiceKey) ?? Array.Empty<string>(),
            byType.GetValueOrDefault(PrincipalElement.FederatedKey) ?? Array.Empty<string>(),
            byType.GetValueOrDefault(PrincipalElement.CanonicalUserKey) ?? Array.Empty<string>());
    }

    public static IReadOnlyList<ConditionClause> Conditions(JsonElement element, string where, bool variablesEnabled)
    {
        var clauses = new List<ConditionClause>();
        foreach (var operatorProperty in PolicyJson.Properties(element, where))
        {
            var op = ConditionOperator.Read(operatorProperty.Name)
                ?? throw PolicyJson.Syntax($"{where}: '{operatorProperty.Name}' is not a condition operator");
            foreach (var keyProperty in PolicyJson.Properties(operatorProperty.Value, $"{where}.{op.Name}"))
            {
                var key = keyProperty.Name;
                var colon = key.IndexOf(':');
                if (colon <= 0 || colon == key.Length - 1) throw new PolicySyntaxException(NeedsVendor, $"{where}.{op.Name} '{key}'");
                var values = PolicyJson.Scalars(keyProperty.Value, $"{where}.{op.Name}.{key}");
                var withVariables = variablesEnabled && op.AcceptsVariables;
                clauses.Add(new ConditionClause(op, key, values.Select(v => PolicyText.Parse(v, withVariables)).ToList()));
            }
        }

        return clauses;
    }

    // One element or its Not-form, never both.
    private static (string Name, JsonElement? Value) OneOf(IReadOnlyDictionary<string, JsonElement> elements, string name, string notName, string where)
    {
        var has = elements.TryGetValue(name, out var value);
        var hasNot = elements.TryGetValue(notName, out var notValue);
        if (has && hasNot) throw PolicyJson.Syntax($"{where} has both {name} and {notName}");
        return has ? (name, value) : hasNot ? (notName, notValue) : (name, null);
    }

    private static PolicySyntaxException InvalidPrincipal(string where, string value) => new($"Invalid principal in policy: {value}", where);
}

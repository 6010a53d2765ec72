using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace CrossAcctApi.Core.Policy
{
    /// <summary>
    /// Turns policy JSON into the model. Strict on purpose: JSON that System.Text.Json accepts only in relaxed
    /// modes (trailing commas, comments) and elements IAM does not know are errors, because a policy that the
    /// sandbox accepted but IAM rejects would make local tests lie.
    /// </summary>
    internal static class PolicyDocumentParser
    {
        public const string ErrorId = "InvalidPolicyDocument";

        private static readonly HashSet<string> DocumentElements = new HashSet<string>(StringComparer.Ordinal)
        {
            "Version", "Id", "Statement",
        };

        private static readonly HashSet<string> StatementElements = new HashSet<string>(StringComparer.Ordinal)
        {
            "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition",
        };

        private static readonly HashSet<string> PrincipalTypes = new HashSet<string>(StringComparer.Ordinal)
        {
            PolicyPrincipal.Aws, PolicyPrincipal.Service, PolicyPrincipal.Federated, PolicyPrincipal.CanonicalUser,
        };

        public static PolicyDocument Parse(string json)
        {
            if (json == null)
            {
                throw Error("the policy text is null");
            }

            if (json.Trim().Length == 0)
            {
                throw Error("the policy text is empty");
            }

            JsonDocument parsed;
            try
            {
                parsed = JsonDocument.Parse(json, new JsonDocumentOptions
                {
                    AllowTrailingCommas = false,
                    CommentHandling = JsonCommentHandling.Disallow,
                    MaxDepth = 32,
                });
            }
            catch (JsonException ex)
            {
                // The JSON reader's message names the line and byte position of the problem.
                throw Error("it is not valid JSON: " + ex.Message, ex);
            }
            catch (ArgumentException ex)
            {
                throw Error("it is not valid JSON: " + ex.Message, ex);
            }

            using (parsed)
            {
                JsonElement root = parsed.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw Error($"the document must be a JSON object, not {Describe(root.ValueKind)}");
                }

                RejectDuplicatesAndUnknown(root, DocumentElements, "the document");
                string? version = OptionalString(root, "Version", "the document");
                if (version != null && version != PolicyDocument.Version2012 && version != PolicyDocument.Version2008)
                {
                    throw Error($"Version '{version}' is not a policy language version (use {PolicyDocument.Version2012})");
                }

                string? id = OptionalString(root, "Id", "the document");
                if (!root.TryGetProperty("Statement", out JsonElement statementElement))
                {
                    throw Error("the document has no Statement element");
                }

                var statements = new List<PolicyStatement>();
                if (statementElement.ValueKind == JsonValueKind.Object)
                {
                    statements.Add(ParseStatement(statementElement, 0));
                }
                else if (statementElement.ValueKind == JsonValueKind.Array)
                {
                    int index = 0;
                    foreach (JsonElement item in statementElement.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.Object)
                        {
                            throw Error($"statement #{index} must be a JSON object, not {Describe(item.ValueKind)}");
                        }

                        statements.Add(ParseStatement(item, index));
                        index++;
                    }
                }
                else
                {
                    throw Error($"Statement must be an object or an array of objects, not {Describe(statementElement.ValueKind)}");
                }

                var sids = new HashSet<string>(StringComparer.Ordinal);
                foreach (PolicyStatement statement in statements)
                {
                    if (!string.IsNullOrEmpty(statement.Sid) && !sids.Add(statement.Sid!))
                    {
                        throw Error($"the Sid '{statement.Sid}' is used by more than one statement");
                    }
                }

                return new PolicyDocument(version, id, statements, json);
            }
        }

        private static PolicyStatement ParseStatement(JsonElement element, int index)
        {
            string where = $"statement #{index}";
            RejectDuplicatesAndUnknown(element, StatementElements, where);

            string? sid = OptionalString(element, "Sid", where);
            if (sid != null)
            {
                where = $"statement #{index} ('{sid}')";
            }

            string? effectText = OptionalString(element, "Effect", where);
            PolicyEffect effect = effectText switch
            {
                null => throw Error($"{where} has no Effect"),
                "Allow" => PolicyEffect.Allow,
                "Deny" => PolicyEffect.Deny,
                _ => throw Error($"{where} has Effect '{effectText}'; it must be \"Allow\" or \"Deny\""),
            };

            IReadOnlyList<string>? actions = StringOrArray(element, "Action", where);
            IReadOnlyList<string>? notActions = StringOrArray(element, "NotAction", where);
            if (actions != null && notActions != null)
            {
                throw Error($"{where} has both Action and NotAction; use one");
            }

            if (actions == null && notActions == null)
            {
                throw Error($"{where} has neither Action nor NotAction");
            }

            foreach (string action in actions ?? notActions!)
            {
                if (action != "*" && action.IndexOf(':') <= 0)
                {
                    throw Error($"{where} has the action '{action}'; actions are written service:action, e.g. execute-api:Invoke");
                }
            }

            IReadOnlyList<string>? resources = StringOrArray(element, "Resource", where);
            IReadOnlyList<string>? notResources = StringOrArray(element, "NotResource", where);
            if (resources != null && notResources != null)
            {
                throw Error($"{where} has both Resource and NotResource; use one");
            }

            foreach (string resource in resources ?? notResources ?? Array.Empty<string>())
            {
                if (resource != "*" && !resource.StartsWith("arn:", StringComparison.Ordinal))
                {
                    throw Error($"{where} has the resource '{resource}'; resources are \"*\" or ARNs starting with 'arn:'");
                }
            }

            PolicyPrincipal? principal = ParsePrincipal(element, "Principal", where);
            PolicyPrincipal? notPrincipal = ParsePrincipal(element, "NotPrincipal", where);
            if (principal != null && notPrincipal != null)
            {
                throw Error($"{where} has both Principal and NotPrincipal; use one");
            }

            IReadOnlyList<PolicyCondition> conditions = ParseConditions(element, where);

            return new PolicyStatement(
                index,
                sid,
                effect,
                actions ?? Array.Empty<string>(),
                notActions ?? Array.Empty<string>(),
                resources ?? Array.Empty<string>(),
                notResources ?? Array.Empty<string>(),
                principal,
                notPrincipal,
                conditions,
                hasResourceElement: resources != null || notResources != null,
                json: element.GetRawText());
        }

        private static PolicyPrincipal? ParsePrincipal(JsonElement statement, string name, string where)
        {
            if (!statement.TryGetProperty(name, out JsonElement element))
            {
                return null;
            }

            if (element.ValueKind == JsonValueKind.String)
            {
                if (element.GetString() == "*")
                {
                    return PolicyPrincipal.Everyone;
                }

                throw Error($"{where}: {name} must be \"*\" or an object such as {{\"AWS\": \"arn:aws:iam::111122223333:root\"}}");
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Error($"{where}: {name} must be \"*\" or an object, not {Describe(element.ValueKind)}");
            }

            RejectDuplicatesAndUnknown(element, PrincipalTypes, $"{where}: {name}");
            var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (JsonProperty property in element.EnumerateObject())
            {
                IReadOnlyList<string> list = StringOrArray(element, property.Name, $"{where}: {name}")!;
                if (list.Count == 0)
                {
                    throw Error($"{where}: {name}.{property.Name} has no values");
                }

                values[property.Name] = list;
            }

            if (values.Count == 0)
            {
                throw Error($"{where}: {name} is an empty object");
            }

            return PolicyPrincipal.Of(values);
        }

        private static IReadOnlyList<PolicyCondition> ParseConditions(JsonElement statement, string where)
        {
            if (!statement.TryGetProperty("Condition", out JsonElement element))
            {
                return Array.Empty<PolicyCondition>();
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Error($"{where}: Condition must be an object of operators, not {Describe(element.ValueKind)}");
            }

            RejectDuplicates(element, $"{where}: Condition");
            var conditions = new List<PolicyCondition>();
            foreach (JsonProperty op in element.EnumerateObject())
            {
                if (op.Value.ValueKind != JsonValueKind.Object)
                {
                    throw Error($"{where}: Condition operator '{op.Name}' must map condition keys to values, not {Describe(op.Value.ValueKind)}");
                }

                RejectDuplicates(op.Value, $"{where}: Condition '{op.Name}'");
                foreach (JsonProperty key in op.Value.EnumerateObject())
                {
                    if (key.Name.Length == 0)
                    {
                        throw Error($"{where}: Condition operator '{op.Name}' has an empty key name");
                    }

                    conditions.Add(new PolicyCondition(op.Name, key.Name, ConditionValues(key.Value, $"{where}: Condition {op.Name} {key.Name}")));
                }
            }

            return conditions;
        }

        private static IReadOnlyList<string> ConditionValues(JsonElement value, string where)
        {
            if (value.ValueKind == JsonValueKind.Array)
            {
                var list = new List<string>();
                foreach (JsonElement item in value.EnumerateArray())
                {
                    list.Add(Scalar(item, where));
                }

                return list;
            }

            return new[] { Scalar(value, where) };
        }

        private static string Scalar(JsonElement value, string where)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    return value.GetString()!;
                case JsonValueKind.True:
                    return "true";
                case JsonValueKind.False:
                    return "false";
                case JsonValueKind.Number:
                    return value.GetRawText();
                default:
                    throw Error($"{where}: values must be strings, numbers or booleans, not {Describe(value.ValueKind)}");
            }
        }

        private static IReadOnlyList<string>? StringOrArray(JsonElement parent, string name, string where)
        {
            if (!parent.TryGetProperty(name, out JsonElement element))
            {
                return null;
            }

            if (element.ValueKind == JsonValueKind.String)
            {
                return new[] { NonEmpty(element.GetString()!, name, where) };
            }

            if (element.ValueKind != JsonValueKind.Array)
            {
                throw Error($"{where}: {name} must be a string or an array of strings, not {Describe(element.ValueKind)}");
            }

            var list = new List<string>();
            foreach (JsonElement item in element.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    throw Error($"{where}: {name} must contain only strings, not {Describe(item.ValueKind)}");
                }

                list.Add(NonEmpty(item.GetString()!, name, where));
            }

            if (list.Count == 0 && name != PolicyPrincipal.Aws && name != PolicyPrincipal.Service && name != PolicyPrincipal.Federated && name != PolicyPrincipal.CanonicalUser)
            {
                throw Error($"{where}: {name} is an empty array");
            }

            return list;
        }

        private static string NonEmpty(string value, string name, string where)
        {
            if (value.Trim().Length == 0)
            {
                throw Error($"{where}: {name} contains an empty string");
            }

            return value;
        }

        private static string? OptionalString(JsonElement parent, string name, string where)
        {
            if (!parent.TryGetProperty(name, out JsonElement element))
            {
                return null;
            }

            if (element.ValueKind != JsonValueKind.String)
            {
                throw Error($"{where}: {name} must be a string, not {Describe(element.ValueKind)}");
            }

            return element.GetString();
        }

        private static void RejectDuplicatesAndUnknown(JsonElement element, HashSet<string> known, string where)
        {
            RejectDuplicates(element, where);
            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (!known.Contains(property.Name))
                {
                    string? sameIgnoringCase = known.FirstOrDefault(k => string.Equals(k, property.Name, StringComparison.OrdinalIgnoreCase));
                    string hint = sameIgnoringCase != null
                        ? $" (element names are case-sensitive: write '{sameIgnoringCase}')"
                        : $" (expected one of {string.Join(", ", known)})";
                    throw Error($"{where} has the unknown element '{property.Name}'{hint}");
                }
            }
        }

        private static void RejectDuplicates(JsonElement element, string where)
        {
            // JsonDocument keeps duplicate names and TryGetProperty would silently pick one; IAM rejects them.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw Error($"{where} has the element '{property.Name}' more than once");
                }
            }
        }

        private static string Describe(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null => "null",
            _ => "nothing",
        };

        private static CrossAcctApiException Error(string problem, Exception? inner = null) =>
            new CrossAcctApiException(ErrorId, FailureKind.InvalidArgument, "The policy document is invalid: " + problem + ".", null, inner)
            {
                RecommendedAction = "Fix the policy JSON; IAM would reject it as MalformedPolicyDocument.",
            };
    }
}

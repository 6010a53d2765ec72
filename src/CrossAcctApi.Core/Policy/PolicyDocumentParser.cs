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
                    throw Error($"the document must be a JSON object, not {PolicyJson.Describe(root.ValueKind)}");
                }

                PolicyJson.RejectDuplicatesAndUnknown(root, DocumentElements, "the document");
                string? version = PolicyJson.OptionalString(root, "Version", "the document");
                if (version != null && version != PolicyDocument.Version2012 && version != PolicyDocument.Version2008)
                {
                    throw Error($"Version '{version}' is not a policy language version (use {PolicyDocument.Version2012})");
                }

                string? id = PolicyJson.OptionalString(root, "Id", "the document");
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
                            throw Error($"statement #{index} must be a JSON object, not {PolicyJson.Describe(item.ValueKind)}");
                        }

                        statements.Add(ParseStatement(item, index));
                        index++;
                    }
                }
                else
                {
                    throw Error($"Statement must be an object or an array of objects, not {PolicyJson.Describe(statementElement.ValueKind)}");
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
            PolicyJson.RejectDuplicatesAndUnknown(element, StatementElements, where);

            string? sid = PolicyJson.OptionalString(element, "Sid", where);
            if (sid != null)
            {
                where = $"statement #{index} ('{sid}')";
            }

            string? effectText = PolicyJson.OptionalString(element, "Effect", where);
            PolicyEffect effect = effectText switch
            {
                null => throw Error($"{where} has no Effect"),
                "Allow" => PolicyEffect.Allow,
                "Deny" => PolicyEffect.Deny,
                _ => throw Error($"{where} has Effect '{effectText}'; it must be \"Allow\" or \"Deny\""),
            };

            IReadOnlyList<string>? actions = PolicyJson.StringOrArray(element, "Action", where);
            IReadOnlyList<string>? notActions = PolicyJson.StringOrArray(element, "NotAction", where);
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

            IReadOnlyList<string>? resources = PolicyJson.StringOrArray(element, "Resource", where);
            IReadOnlyList<string>? notResources = PolicyJson.StringOrArray(element, "NotResource", where);
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
                throw Error($"{where}: {name} must be \"*\" or an object, not {PolicyJson.Describe(element.ValueKind)}");
            }

            PolicyJson.RejectDuplicatesAndUnknown(element, PrincipalTypes, $"{where}: {name}");
            var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (JsonProperty property in element.EnumerateObject())
            {
                IReadOnlyList<string> list = PolicyJson.StringOrArray(element, property.Name, $"{where}: {name}")!;
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
                throw Error($"{where}: Condition must be an object of operators, not {PolicyJson.Describe(element.ValueKind)}");
            }

            PolicyJson.RejectDuplicates(element, $"{where}: Condition");
            var conditions = new List<PolicyCondition>();
            foreach (JsonProperty op in element.EnumerateObject())
            {
                if (op.Value.ValueKind != JsonValueKind.Object)
                {
                    throw Error($"{where}: Condition operator '{op.Name}' must map condition keys to values, not {PolicyJson.Describe(op.Value.ValueKind)}");
                }

                PolicyJson.RejectDuplicates(op.Value, $"{where}: Condition '{op.Name}'");
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
                    list.Add(PolicyJson.Scalar(item, where));
                }

                return list;
            }

            return new[] { PolicyJson.Scalar(value, where) };
        }

        internal static CrossAcctApiException Error(string problem, Exception? inner = null) =>
            new CrossAcctApiException(ErrorId, FailureKind.InvalidArgument, "The policy document is invalid: " + problem + ".", null, inner)
            {
                RecommendedAction = "Fix the policy JSON; IAM would reject it as MalformedPolicyDocument.",
            };
    }
}

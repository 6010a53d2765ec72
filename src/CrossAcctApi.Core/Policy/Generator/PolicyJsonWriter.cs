using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CrossAcctApi.Core.Policy.Generator
{
    /// <summary>One statement to write; the writer decides the element order, not the caller.</summary>
    internal sealed class StatementSpec
    {
        public StatementSpec(string sid, PolicyEffect effect, string action)
        {
            Sid = sid;
            Effect = effect;
            Action = action;
        }

        /// <summary>IAM allows only ASCII letters and digits in a Sid.</summary>
        public string Sid { get; }

        public PolicyEffect Effect { get; }

        public string Action { get; }

        /// <summary>The AWS principal (trust policies), or null.</summary>
        public string? AwsPrincipal { get; set; }

        /// <summary>The resources (identity policies); none for trust policies.</summary>
        public List<string> Resources { get; } = new List<string>();

        /// <summary>Operator to (key, value) pairs, in the order they are added.</summary>
        public List<KeyValuePair<string, KeyValuePair<string, string>>> Conditions { get; } = new List<KeyValuePair<string, KeyValuePair<string, string>>>();

        public StatementSpec AddCondition(string @operator, string key, string value)
        {
            Conditions.Add(new KeyValuePair<string, KeyValuePair<string, string>>(@operator, new KeyValuePair<string, string>(key, value)));
            return this;
        }
    }

    /// <summary>
    /// Writes policy documents the way people read them in the IAM console: indented by two spaces, '\n' line
    /// ends on every OS, elements always in the order Version, Statement, Sid, Effect, Principal, Action,
    /// Resource, Condition, a single value as a string and several as an array. Stable text makes generated
    /// policies diffable and reviewable.
    /// </summary>
    internal static class PolicyJsonWriter
    {
        private static readonly JsonWriterOptions Options = new JsonWriterOptions
        {
            Indented = true,
            // The default encoder escapes '+', '<', '&' and non-ASCII as \uXXXX: valid, but unreadable in a
            // policy (role names may contain '+', external ids '=' and '@'). Policies are not embedded in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        public static string Write(IEnumerable<StatementSpec> statements)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, Options))
            {
                writer.WriteStartObject();
                writer.WriteString("Version", PolicyDocument.Version2012);
                writer.WritePropertyName("Statement");
                writer.WriteStartArray();
                foreach (StatementSpec statement in statements)
                {
                    WriteStatement(writer, statement);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            // System.Text.Json 8 indents with Environment.NewLine; JSON strings hold no raw line breaks, so
            // replacing them changes only the layout.
            return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n");
        }

        private static void WriteStatement(Utf8JsonWriter writer, StatementSpec statement)
        {
            writer.WriteStartObject();
            writer.WriteString("Sid", statement.Sid);
            writer.WriteString("Effect", statement.Effect == PolicyEffect.Allow ? "Allow" : "Deny");
            if (statement.AwsPrincipal != null)
            {
                writer.WritePropertyName("Principal");
                writer.WriteStartObject();
                writer.WriteString("AWS", statement.AwsPrincipal);
                writer.WriteEndObject();
            }

            writer.WriteString("Action", statement.Action);
            if (statement.Resources.Count > 0)
            {
                WriteStringOrArray(writer, "Resource", statement.Resources);
            }

            if (statement.Conditions.Count > 0)
            {
                WriteConditions(writer, statement.Conditions);
            }

            writer.WriteEndObject();
        }

        private static void WriteConditions(Utf8JsonWriter writer, List<KeyValuePair<string, KeyValuePair<string, string>>> conditions)
        {
            // Group by operator (first appearance order): IAM rejects an operator written twice.
            var operators = new List<string>();
            foreach (var condition in conditions)
            {
                if (!operators.Contains(condition.Key))
                {
                    operators.Add(condition.Key);
                }
            }

            writer.WritePropertyName("Condition");
            writer.WriteStartObject();
            foreach (string op in operators)
            {
                writer.WritePropertyName(op);
                writer.WriteStartObject();
                foreach (var condition in conditions)
                {
                    if (string.Equals(condition.Key, op, StringComparison.Ordinal))
                    {
                        writer.WriteString(condition.Value.Key, condition.Value.Value);
                    }
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        private static void WriteStringOrArray(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
        {
            if (values.Count == 1)
            {
                writer.WriteString(name, values[0]);
                return;
            }

            writer.WritePropertyName(name);
            writer.WriteStartArray();
            foreach (string value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }
    }
}

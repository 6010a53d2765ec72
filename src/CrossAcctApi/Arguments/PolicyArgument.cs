using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Policy;
using CrossAcctApi.Core.Policy.Generator;

namespace CrossAcctApi
{
    /// <summary>
    /// Policy input from anything a user has at hand, turned into the policy's JSON text: text (Get-Content -Raw, a
    /// here-string), files piped from Get-ChildItem, ConvertFrom-Json objects and hashtables, the module's own objects, and what IAM's API, the AWS CLI
    /// and AWS.Tools return (the document wrapped in PolicyDocument or PolicyVersion.Document, URL-encoded by the
    /// API). Binding (<see cref="ToText"/>) only turns objects into JSON; <see cref="Document"/> then takes the
    /// document out of its wrapper, so that every shape is refused with InvalidPolicyDocument and a reason.
    /// </summary>
    internal static class PolicyArgument
    {
        // The wrappers IAM puts around a document: GetRolePolicy/GetUserPolicy/GetGroupPolicy (PolicyDocument),
        // GetPolicyVersion (PolicyVersion.Document), and a bare policy version object (Document).
        private static readonly string[] WrapperNames = { "PolicyDocument", "PolicyVersion", "Document" };

        // Property names that make an object a policy (or a wrapper of one) rather than, say, a CSV row of calls.
        private static readonly string[] PolicyShapeNames = { "Statement", "Version", "PolicyDocument", "PolicyVersion", "Document", "Policy", "InvokePolicy" };

        private const int MaxDepth = 64;

        /// <summary>
        /// The policy text of one bound value, or null when the value is not a policy-shaped object (left to
        /// PowerShell, so that a CSV row of calls or a file object binds to the parameters it fits).
        /// </summary>
        public static string? ToText(object? value)
        {
            object? item = PowerShellValues.Unwrap(value);
            switch (item)
            {
                case null:
                    return null;
                case string text:
                    return text;
                case PolicyDocument document:
                    return document.Json;
                case CrossAccountPolicySet set:
                    return set.InvokePolicy;
                case FileInfo file:
                    // Get-ChildItem *.json | Test-ExecuteApiPolicy: a piped file is its content.
                    return File.ReadAllText(file.FullName);
                case FileSystemInfo _:
                    return null;
                case IDictionary _:
                    return ToJson(item);
            }

            IReadOnlyList<string> names = PowerShellValues.PropertyNames(value!);
            return names.Any(n => PolicyShapeNames.Contains(n, StringComparer.OrdinalIgnoreCase)) ? ToJson(value) : null;
        }

        /// <summary>
        /// The policy document in <paramref name="text"/>: the text itself, or the document inside an IAM API, CLI or
        /// AWS.Tools answer, URL-decoded when the API left it encoded. Text that is none of these is returned as it
        /// is, for the parser to say what is wrong with it.
        /// </summary>
        public static string Document(string? text, Func<string, bool> fileExists)
        {
            string current = (text ?? string.Empty).Trim();
            for (int unwrapped = 0; unwrapped < 4; unwrapped++)
            {
                if (IsUrlEncodedJson(current))
                {
                    current = Uri.UnescapeDataString(current.Replace('+', ' ')).Trim();
                    continue;
                }

                if (!current.StartsWith("{", StringComparison.Ordinal))
                {
                    RefuseFileName(current, fileExists);
                    return current;
                }

                JsonElement root;
                try
                {
                    using (JsonDocument parsed = JsonDocument.Parse(current, new JsonDocumentOptions { MaxDepth = MaxDepth }))
                    {
                        root = parsed.RootElement.Clone();
                    }
                }
                catch (JsonException)
                {
                    return current;
                }

                if (root.ValueKind != JsonValueKind.Object || Has(root, "Statement"))
                {
                    return current;
                }

                string? inner = Unwrap(root);
                if (inner == null)
                {
                    RefuseMetadata(root);
                    return current;
                }

                current = inner.Trim();
            }

            return current;
        }

        // "%7B%22Version..." (IAM's API, AWS.Tools' Get-IAMRolePolicy) and "%7b..." alike.
        private static bool IsUrlEncodedJson(string text) => text.StartsWith("%7B", StringComparison.OrdinalIgnoreCase);

        private static string? Unwrap(JsonElement root)
        {
            foreach (string name in WrapperNames)
            {
                if (TryGet(root, name, out JsonElement inner))
                {
                    if (inner.ValueKind == JsonValueKind.String)
                    {
                        return inner.GetString();
                    }

                    if (inner.ValueKind == JsonValueKind.Object)
                    {
                        // PolicyVersion holds Document; PolicyDocument and Document are the document.
                        return name == "PolicyVersion" && TryGet(inner, "Document", out JsonElement document)
                            ? (document.ValueKind == JsonValueKind.String ? document.GetString() : document.GetRawText())
                            : name == "PolicyVersion" ? null : inner.GetRawText();
                    }
                }
            }

            return null;
        }

        // aws iam get-policy (or Get-IAMPolicy) answers with the policy's metadata, list-policy-versions with versions
        // without their documents: say which command gives the document.
        private static void RefuseMetadata(JsonElement root)
        {
            JsonElement meta = TryGet(root, "Policy", out JsonElement policy) && policy.ValueKind == JsonValueKind.Object ? policy : root;
            bool isVersion = TryGet(root, "PolicyVersion", out JsonElement versionObject);
            if (!isVersion && !TryGet(meta, "DefaultVersionId", out _))
            {
                return;
            }

            string arn = Text(meta, "Arn") ?? "<policy-arn>";
            string id = Text(isVersion ? versionObject : meta, isVersion ? "VersionId" : "DefaultVersionId") ?? "<version-id>";
            throw Refusal(
                isVersion
                    ? "The policy text is a managed policy version without its Document (as aws iam list-policy-versions lists them)."
                    : "The policy text is IAM's description of a managed policy (aws iam get-policy), not its document.",
                $"Get the document with: aws iam get-policy-version --policy-arn {arn} --version-id {id} (or Get-IAMPolicyVersion), and pass that.");
        }

        private static string? Text(JsonElement element, string name) =>
            TryGet(element, name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        // A file name where the document's text was expected: say so, instead of "not valid JSON".
        private static void RefuseFileName(string text, Func<string, bool> fileExists)
        {
            if (text.Length > 0 && text.Length < 1024 && text.IndexOfAny(new[] { '\n', '{' }) < 0 && fileExists(text))
            {
                throw Refusal(
                    $"{PolicyToolErrors.Quote(text)} is the name of a file, not policy text.",
                    "Pass the file with {@Path}, or its content with Get-Content -Raw.");
            }
        }

        private static CrossAcctApiException Refusal(string message, string action) =>
            new CrossAcctApiException(PolicyToolErrors.InvalidPolicyDocument, FailureKind.InvalidArgument, message, "PolicyDocument")
            {
                RecommendedAction = action,
            };

        private static bool Has(JsonElement element, string name) => TryGet(element, name, out _);

        // IAM's names are PascalCase; ConvertTo-Json of AWS.Tools objects and hand-written JSON sometimes are not.
        private static bool TryGet(JsonElement element, string name, out JsonElement value)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                    {
                        value = property.Value;
                        return true;
                    }
                }
            }

            value = default;
            return false;
        }

        /// <summary>JSON of a hashtable, ConvertFrom-Json object or SDK object, as IAM would read it.</summary>
        private static string ToJson(object? value)
        {
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream))
                {
                    Write(writer, value, 0);
                }

                return Encoding.UTF8.GetString(stream.ToArray());
            }
        }

        private static void Write(Utf8JsonWriter writer, object? value, int depth)
        {
            if (depth > MaxDepth)
            {
                // The parser refuses the document as nested too deep; the text says where.
                writer.WriteStringValue("(nested more than " + MaxDepth + " levels)");
                return;
            }

            object? item = PowerShellValues.Unwrap(value);
            switch (item)
            {
                case null:
                    writer.WriteNullValue();
                    return;
                case string text:
                    writer.WriteStringValue(text);
                    return;
                case bool flag:
                    writer.WriteBooleanValue(flag);
                    return;
                case DateTime date:
                    writer.WriteStringValue(DateText(date));
                    return;
                case DateTimeOffset date:
                    writer.WriteStringValue(date.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture));
                    return;
                case IDictionary dictionary:
                    writer.WriteStartObject();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        writer.WritePropertyName(PowerShellValues.ToText(entry.Key) ?? string.Empty);
                        Write(writer, entry.Value, depth + 1);
                    }

                    writer.WriteEndObject();
                    return;
                case IEnumerable list:
                    writer.WriteStartArray();
                    foreach (object? element in list)
                    {
                        Write(writer, element, depth + 1);
                    }

                    writer.WriteEndArray();
                    return;
            }

            if (item.GetType().IsPrimitive || item is decimal)
            {
                writer.WriteRawValue(PowerShellValues.ToText(item)!);
                return;
            }

            if (item is Enum || item is Uri || item is Guid)
            {
                writer.WriteStringValue(PowerShellValues.ToText(item));
                return;
            }

            writer.WriteStartObject();
            foreach (KeyValuePair<string, object?> property in PowerShellValues.ToDictionary(value!, Array.Empty<string>()))
            {
                writer.WritePropertyName(property.Key);
                Write(writer, property.Value, depth + 1);
            }

            writer.WriteEndObject();
        }

        // ConvertFrom-Json turns "2012-10-17" (every policy's Version) and ISO times into DateTime: write them back
        // as they were written.
        private static string DateText(DateTime date) =>
            date.Kind == DateTimeKind.Unspecified && date.TimeOfDay == TimeSpan.Zero
                ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : date.ToString(date.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ssK" : "yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture);
    }
}

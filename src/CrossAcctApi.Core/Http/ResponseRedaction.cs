using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi.Core.Http
{
    /// <summary>
    /// Removes the caller's session token and the attempt's signature from an error answer before anyone sees it: a signature-mismatch answer
    /// quotes the canonical request the server computed, and that holds the X-Amz-Security-Token header. The token
    /// may be written raw, percent-encoded, or JSON-escaped (System.Text.Json writes '+' as \u002B), so a JSON body is
    /// also read and its strings redacted as decoded.
    /// </summary>
    internal static class ResponseRedaction
    {
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

        public static byte[] Redact(byte[] body, string? sessionToken, string? signature = null)
        {
            if ((sessionToken is null && signature is null) || body.Length == 0)
            {
                return body;
            }

            string text;
            try
            {
                text = StrictUtf8.GetString(body);
            }
            catch (DecoderFallbackException)
            {
                // Not text: nothing a person reads, and no JSON to decode.
                return body;
            }

            var redactor = new SecretRedactor(sessionToken, signature);
            var redacted = RedactJson(text, redactor) ?? redactor.Redact(text);
            return redacted == text ? body : new UTF8Encoding(false).GetBytes(redacted);
        }

        /// <summary>The JSON with every string value redacted, or null when the text is not JSON or no value held the token.</summary>
        private static string? RedactJson(string text, SecretRedactor redactor)
        {
            var trimmed = text.TrimStart();
            if (trimmed.Length == 0 || (trimmed[0] != '{' && trimmed[0] != '['))
            {
                return null;
            }

            JsonNode? root;
            try
            {
                root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
            }
            catch (JsonException)
            {
                return null;
            }

            if (root is null || !RedactNode(root, redactor))
            {
                return null;
            }

            return root.ToJsonString();
        }

        private static bool RedactNode(JsonNode node, SecretRedactor redactor)
        {
            var changed = false;
            switch (node)
            {
                case JsonObject obj:
                    foreach (var property in new System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<string, JsonNode?>>(obj))
                    {
                        if (property.Value is JsonValue value && value.TryGetValue(out string? text) && text != null)
                        {
                            var redacted = redactor.Redact(text);
                            if (redacted != text)
                            {
                                obj[property.Key] = redacted;
                                changed = true;
                            }
                        }
                        else if (property.Value != null)
                        {
                            changed |= RedactNode(property.Value, redactor);
                        }
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (array[i] is JsonValue value && value.TryGetValue(out string? text) && text != null)
                        {
                            var redacted = redactor.Redact(text);
                            if (redacted != text)
                            {
                                array[i] = redacted;
                                changed = true;
                            }
                        }
                        else if (array[i] != null)
                        {
                            changed |= RedactNode(array[i]!, redactor);
                        }
                    }

                    break;
            }

            return changed;
        }
    }
}

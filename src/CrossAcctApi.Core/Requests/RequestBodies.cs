using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CrossAcctApi.Core.Requests
{
    /// <summary>
    /// The one conversion of a body value into the bytes that are signed and sent, and the Content-Type that
    /// describes them when the caller gave none:
    /// <list type="bullet">
    /// <item>bytes as they are (application/octet-stream); a stream read to its end, up to the payload limit;</item>
    /// <item>text in the Content-Type's charset, else UTF-8 (application/json when it is a JSON document, else
    /// text/plain; charset=utf-8);</item>
    /// <item>a dictionary as a form when the Content-Type is application/x-www-form-urlencoded;</item>
    /// <item>any other data (dictionaries, lists, numbers, booleans, dates) as JSON (application/json).</item>
    /// </list>
    /// Data is plain .NET: string-keyed dictionaries, lists and scalars (the front end turns its own objects into
    /// these, refusing what is not data). Nesting deeper than <see cref="MaxDepth"/> is an error, never truncated.
    /// </summary>
    public static class RequestBodies
    {
        public const string JsonContentType = "application/json";
        public const string TextContentType = "text/plain; charset=utf-8";
        public const string BinaryContentType = "application/octet-stream";
        public const string FormContentType = "application/x-www-form-urlencoded";

        /// <summary>How deep data may nest (objects and arrays) before it is refused.</summary>
        public const int MaxDepth = 100;

        private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        /// <param name="contentType">The Content-Type given, or null; on return the one to send (a default when none was given).</param>
        public static ApiRequestBody? Convert(object? value, ref string? contentType)
        {
            switch (value)
            {
                case null:
                    return null;
                case byte[] bytes:
                    contentType ??= BinaryContentType;
                    return new BytesRequestBody(bytes);
                case Stream stream:
                    contentType ??= BinaryContentType;
                    return new BytesRequestBody(ReadBounded(stream));
                case string text:
                    contentType ??= LooksLikeJson(text) ? JsonContentType : TextContentType;
                    return new BytesRequestBody(EncodingOf(contentType).GetBytes(text));
                case IDictionary form when IsForm(contentType):
                    return new BytesRequestBody(Utf8.GetBytes(FormEncode(form)));
            }

            contentType ??= JsonContentType;
            return new BytesRequestBody(EncodingOf(contentType).GetBytes(ToJson(value)));
        }

        /// <summary>Data as compact JSON; <c>InvalidBody</c> for a value that is not data or nests too deep.</summary>
        public static string ToJson(object? value)
        {
            using (var buffer = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                {
                    Write(writer, value, 0);
                }

                return Utf8.GetString(buffer.ToArray());
            }
        }

        /// <summary>The charset of a Content-Type, else UTF-8 (which JSON and API Gateway assume).</summary>
        public static Encoding EncodingOf(string? contentType)
        {
            if (contentType != null && MediaTypeHeaderValue.TryParse(contentType, out var media) && !string.IsNullOrEmpty(media.CharSet))
            {
                try
                {
                    var encoding = Encoding.GetEncoding(media.CharSet.Trim('"'));
                    return encoding is UTF8Encoding ? Utf8 : encoding;
                }
                catch (ArgumentException)
                {
                    // An unknown charset: UTF-8, as for no charset.
                }
            }

            return Utf8;
        }

        private static void Write(Utf8JsonWriter writer, object? value, int depth)
        {
            if (depth > MaxDepth)
            {
                throw RequestErrors.InvalidBodyError("The body nests deeper than " + MaxDepth + " levels.", "Flatten the data, or convert it to JSON text yourself and give the text.");
            }

            switch (value)
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
                case char character:
                    writer.WriteStringValue(character.ToString());
                    return;
                case Enum enumValue:
                    // As ConvertTo-Json writes them: the underlying number.
                    writer.WriteNumberValue(System.Convert.ToInt64(enumValue, CultureInfo.InvariantCulture));
                    return;
                case DateTime date:
                    writer.WriteStringValue(date.ToString("o", CultureInfo.InvariantCulture));
                    return;
                case DateTimeOffset offset:
                    writer.WriteStringValue(offset.ToString("o", CultureInfo.InvariantCulture));
                    return;
                case Guid guid:
                    writer.WriteStringValue(guid.ToString());
                    return;
                case Uri uri:
                    writer.WriteStringValue(uri.OriginalString);
                    return;
                case IDictionary dictionary:
                    writer.WriteStartObject();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        writer.WritePropertyName(System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                        Write(writer, entry.Value, depth + 1);
                    }

                    writer.WriteEndObject();
                    return;
                case IEnumerable items:
                    writer.WriteStartArray();
                    foreach (var item in items)
                    {
                        Write(writer, item, depth + 1);
                    }

                    writer.WriteEndArray();
                    return;
            }

            if (!WriteNumber(writer, value))
            {
                throw RequestErrors.InvalidBodyError(
                    "The body holds a " + value.GetType().FullName + ", which is not data (text, numbers, booleans, dates, dictionaries and lists of them).",
                    "Give a string, bytes, a hashtable or PSCustomObject of values, or an array of them; send a file with {@InFile}.");
            }
        }

        private static bool WriteNumber(Utf8JsonWriter writer, object value)
        {
            switch (value)
            {
                case int i: writer.WriteNumberValue(i); return true;
                case long l: writer.WriteNumberValue(l); return true;
                case short s: writer.WriteNumberValue(s); return true;
                case byte b: writer.WriteNumberValue(b); return true;
                case sbyte sb: writer.WriteNumberValue(sb); return true;
                case uint ui: writer.WriteNumberValue(ui); return true;
                case ulong ul: writer.WriteNumberValue(ul); return true;
                case ushort us: writer.WriteNumberValue(us); return true;
                case decimal m: writer.WriteNumberValue(m); return true;
                case double d when !double.IsNaN(d) && !double.IsInfinity(d): writer.WriteNumberValue(d); return true;
                case float f when !float.IsNaN(f) && !float.IsInfinity(f): writer.WriteNumberValue(f); return true;
                case double _:
                case float _:
                    // JSON has no NaN or infinity; ConvertTo-Json writes them as strings too.
                    writer.WriteStringValue(System.Convert.ToString(value, CultureInfo.InvariantCulture));
                    return true;
                default:
                    return false;
            }
        }

        private static byte[] ReadBounded(Stream stream)
        {
            using (var buffer = new MemoryStream())
            {
                var chunk = new byte[81920];
                int read;
                while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    if (buffer.Length > RequestErrors.MaxBodyBytes)
                    {
                        throw RequestErrors.BodyTooLargeError(buffer.Length);
                    }
                }

                return buffer.ToArray();
            }
        }

        private static bool LooksLikeJson(string text)
        {
            var trimmed = text.Trim();
            if (trimmed.Length < 2 || !((trimmed[0] == '{' && trimmed[trimmed.Length - 1] == '}') || (trimmed[0] == '[' && trimmed[trimmed.Length - 1] == ']')))
            {
                return false;
            }

            try
            {
                using (JsonDocument.Parse(trimmed))
                {
                    return true;
                }
            }
            catch (JsonException)
            {
                return false;
            }
        }

        private static bool IsForm(string? contentType) =>
            contentType != null && MediaTypeHeaderValue.TryParse(contentType, out var media) && string.Equals(media.MediaType, FormContentType, StringComparison.OrdinalIgnoreCase);

        private static string FormEncode(IDictionary form)
        {
            var text = new StringBuilder();
            foreach (DictionaryEntry entry in form)
            {
                if (text.Length > 0)
                {
                    text.Append('&');
                }

                text.Append(Uri.EscapeDataString(Text(entry.Key))).Append('=').Append(Uri.EscapeDataString(Text(entry.Value)));
            }

            return text.ToString();
        }

        private static string Text(object? value) =>
            value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
    }
}

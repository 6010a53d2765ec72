using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Net.Http.Headers;
using System.Text;
using CrossAcctApi.Core.Http;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi
{
    /// <summary>
    /// Turns -Body into bytes the way Invoke-RestMethod users expect: a string as text (in the -ContentType charset,
    /// else UTF-8), a byte[] as is, and anything else (hashtable, PSCustomObject, array, number) as JSON, or as a form
    /// for a dictionary when -ContentType is application/x-www-form-urlencoded.
    /// </summary>
    internal static class HttpBodyArgument
    {
        public const string JsonContentType = "application/json";
        public const string TextContentType = "text/plain; charset=utf-8";
        public const string BinaryContentType = "application/octet-stream";
        private const string FormContentType = "application/x-www-form-urlencoded";

        private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        /// <param name="body">The -Body value (PSObject-wrapped or not).</param>
        /// <param name="contentType">The -ContentType, or null; on return the Content-Type to send (a default when none was given).</param>
        /// <param name="toJson">ConvertTo-Json, as the cmdlet runs it.</param>
        public static ApiRequestBody? Convert(object? body, ref string? contentType, Func<object, string> toJson)
        {
            var value = body is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : body;
            switch (value)
            {
                case null:
                    return null;
                case byte[] bytes:
                    contentType ??= BinaryContentType;
                    return new BytesRequestBody(bytes);
                case string text:
                    contentType ??= LooksLikeJson(text) ? JsonContentType : TextContentType;
                    return new BytesRequestBody(EncodingOf(contentType).GetBytes(text));
            }

            if (value is IDictionary form && IsForm(contentType))
            {
                return new BytesRequestBody(Utf8.GetBytes(FormEncode(form)));
            }

            contentType ??= JsonContentType;
            return new BytesRequestBody(EncodingOf(contentType).GetBytes(toJson(body!)));
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

        private static bool LooksLikeJson(string text)
        {
            var trimmed = text.Trim();
            if (trimmed.Length < 2 || !((trimmed[0] == '{' && trimmed[trimmed.Length - 1] == '}') || (trimmed[0] == '[' && trimmed[trimmed.Length - 1] == ']')))
            {
                return false;
            }

            try
            {
                using (System.Text.Json.JsonDocument.Parse(trimmed))
                {
                    return true;
                }
            }
            catch (System.Text.Json.JsonException)
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

                text.Append(Uri.EscapeDataString(ToText(entry.Key))).Append('=').Append(Uri.EscapeDataString(ToText(entry.Value)));
            }

            return text.ToString();
        }

        private static string ToText(object? value)
        {
            var unwrapped = value is PSObject wrapped ? wrapped.BaseObject : value;
            return unwrapped is IFormattable formattable
                ? formattable.ToString(null, CultureInfo.InvariantCulture)
                : LanguagePrimitives.ConvertTo<string>(unwrapped) ?? string.Empty;
        }
    }
}

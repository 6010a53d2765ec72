using System;
using System.Net.Http.Headers;
using System.Text;
using CrossAcctApi.Core.Http;

namespace CrossAcctApi
{
    /// <summary>How an answer's body reads: as text (with its charset) or bytes, and whether it is JSON to convert.</summary>
    internal sealed class HttpResponseContent
    {
        private HttpResponseContent(object? value, bool isJson)
        {
            Value = value;
            IsJson = isJson;
        }

        /// <summary>A string for text, a byte[] for binary content, null for no body.</summary>
        public object? Value { get; }

        /// <summary>True when the body is JSON by its Content-Type (or, without one, by its look).</summary>
        public bool IsJson { get; }

        public static HttpResponseContent Read(ApiResponse response) => Read(response.Body, response.ContentType);

        public static HttpResponseContent Read(byte[]? body, string? contentType)
        {
            if (body is null || body.Length == 0)
            {
                return new HttpResponseContent(null, false);
            }

            MediaTypeHeaderValue? media = null;
            if (contentType != null)
            {
                MediaTypeHeaderValue.TryParse(contentType, out media);
            }

            var mediaType = media?.MediaType?.ToLowerInvariant();
            if (mediaType is null)
            {
                // No Content-Type: text if it decodes as UTF-8, JSON if it then looks like JSON.
                if (!TryStrictUtf8(body, out var text))
                {
                    return new HttpResponseContent(body, false);
                }

                var trimmed = text.TrimStart();
                return new HttpResponseContent(text, trimmed.StartsWith("{", StringComparison.Ordinal) || trimmed.StartsWith("[", StringComparison.Ordinal));
            }

            if (!IsText(mediaType))
            {
                return new HttpResponseContent(body, false);
            }

            var decoded = Core.Requests.RequestBodies.EncodingOf(contentType).GetString(body);
            if (decoded.Length > 0 && decoded[0] == '\uFEFF')
            {
                decoded = decoded.Substring(1);
            }

            return new HttpResponseContent(decoded, IsJsonType(mediaType));
        }

        private static bool IsJsonType(string mediaType) =>
            mediaType == "application/json" || mediaType == "text/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);

        private static bool IsText(string mediaType) =>
            mediaType.StartsWith("text/", StringComparison.Ordinal)
            || IsJsonType(mediaType)
            || mediaType.EndsWith("+xml", StringComparison.Ordinal)
            || mediaType == "application/xml"
            || mediaType == "application/javascript"
            || mediaType == "application/x-www-form-urlencoded"
            || mediaType == "application/problem+json";

        private static bool TryStrictUtf8(byte[] body, out string text)
        {
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
                if (text.Length > 0 && text[0] == '\uFEFF')
                {
                    text = text.Substring(1);
                }

                return true;
            }
            catch (DecoderFallbackException)
            {
                text = string.Empty;
                return false;
            }
        }
    }
}

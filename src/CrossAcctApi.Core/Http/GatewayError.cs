using System;
using System.Text;
using System.Text.Json;

namespace CrossAcctApi.Core.Http
{
    /// <summary>What kind of failure an API Gateway answer reports, before any wording for people.</summary>
    public enum GatewayFailure
    {
        /// <summary>Not a failure (1xx–3xx), or a body this parser does not read.</summary>
        None,
        MissingAuthenticationToken,
        InvalidToken,
        ExpiredToken,

        /// <summary>The signing time is outside the server's window: "Signature expired" or "Signature not yet current".</summary>
        SignatureExpired,

        /// <summary>"The request signature we calculated does not match...".</summary>
        SignatureMismatch,

        /// <summary>"Credential should be scoped to a valid region / correct service" or a scope date mismatch.</summary>
        SignatureScope,

        /// <summary>The Authorization header was malformed or incomplete (IncompleteSignatureException).</summary>
        IncompleteSignature,
        NotAuthorized,

        /// <summary>A 403 that is not one of API Gateway's authorization answers (a WAF, a proxy, a CDN in front of it).</summary>
        Forbidden,
        NotFound,
        Throttled,
        ServerError,
        Other,
    }

    /// <summary>
    /// An error answer read the way API Gateway writes them: the <c>x-amzn-ErrorType</c> header (its part before ':')
    /// and a JSON body <c>{"message": "..."}</c>, or plain text. HTTP APIs may answer a bare
    /// <c>{"message":"Forbidden"}</c>, so both the type and the text are consulted.
    /// </summary>
    public sealed class GatewayError
    {
        // Enough for any AWS error message, including the canonical request in a signature mismatch.
        private const int MaxMessageLength = 16 * 1024;

        private GatewayError(int statusCode, string? errorType, string? message, bool messageIsJson)
        {
            StatusCode = statusCode;
            ErrorType = errorType;
            Message = message;
            Failure = Classify(statusCode, errorType, message, messageIsJson);
        }

        public int StatusCode { get; }

        /// <summary>The x-amzn-ErrorType without its ":http://internal..." tail, for example AccessDeniedException.</summary>
        public string? ErrorType { get; }

        /// <summary>The server's message (the JSON "message", or the body as text), or null for an empty body.</summary>
        public string? Message { get; }

        public GatewayFailure Failure { get; }

        public static GatewayError Parse(int statusCode, string? errorTypeHeader, byte[]? body)
        {
            var message = ReadMessage(body, out var isJson);
            return new GatewayError(statusCode, NormalizeType(errorTypeHeader), message, isJson);
        }

        public override string ToString() => StatusCode + (ErrorType is null ? string.Empty : " " + ErrorType) + (Message is null ? string.Empty : ": " + Message);

        internal bool MessageContains(string text) => Message != null && Message.IndexOf(text, StringComparison.OrdinalIgnoreCase) >= 0;

        private static GatewayFailure Classify(int status, string? type, string? message, bool messageIsJson)
        {
            var error = new Probe(type, message, messageIsJson);
            if (status == 403)
            {
                return ClassifyForbidden(error);
            }

            if (status == 404)
            {
                return GatewayFailure.NotFound;
            }

            if (status == 429)
            {
                return GatewayFailure.Throttled;
            }

            if (status >= 500 && status <= 599)
            {
                return GatewayFailure.ServerError;
            }

            return status >= 400 ? GatewayFailure.Other : GatewayFailure.None;
        }

        // The order matters: the token checks come before the signature checks because AWS checks the key and token
        // first, and a message can mention "signature" in its advice without being a signature error.
        private static GatewayFailure ClassifyForbidden(Probe error)
        {
            if (error.Is("MissingAuthenticationTokenException") || error.Says("Missing Authentication Token"))
            {
                return GatewayFailure.MissingAuthenticationToken;
            }

            if (error.Is("ExpiredTokenException") || error.Is("ExpiredToken") || error.Says("security token included in the request is expired"))
            {
                return GatewayFailure.ExpiredToken;
            }

            if (error.Is("UnrecognizedClientException") || error.Is("InvalidClientTokenId") || error.Says("security token included in the request is invalid"))
            {
                return GatewayFailure.InvalidToken;
            }

            if (error.Says("Signature expired") || error.Says("Signature not yet current"))
            {
                return GatewayFailure.SignatureExpired;
            }

            if (error.Says("signature we calculated does not match"))
            {
                return GatewayFailure.SignatureMismatch;
            }

            if (error.Says("Credential should be scoped") || error.Says("Date in Credential scope"))
            {
                return GatewayFailure.SignatureScope;
            }

            if (error.Is("IncompleteSignatureException"))
            {
                return GatewayFailure.IncompleteSignature;
            }

            if (error.Is("InvalidSignatureException") || error.Is("SignatureDoesNotMatch"))
            {
                return GatewayFailure.SignatureMismatch;
            }

            // AccessDeniedException, "User: ... is not authorized", API Gateway's bare {"message":"Forbidden"}: the caller
            // was known and not allowed. Any other 403 (an HTML page, another text, no type) comes from something else.
            if (error.Is("AccessDeniedException") || error.Says("is not authorized to perform") || error.IsJsonMessage("Forbidden"))
            {
                return GatewayFailure.NotAuthorized;
            }

            return GatewayFailure.Forbidden;
        }

        private static string? NormalizeType(string? header)
        {
            if (string.IsNullOrWhiteSpace(header))
            {
                return null;
            }

            var value = header!.Trim();
            var colon = value.IndexOf(':');
            return colon > 0 ? value.Substring(0, colon) : value;
        }

        private static string? ReadMessage(byte[]? body, out bool isJson)
        {
            isJson = false;
            if (body is null || body.Length == 0)
            {
                return null;
            }

            var text = Decode(body);
            var trimmed = text.TrimStart();
            if (trimmed.StartsWith("{", StringComparison.Ordinal))
            {
                try
                {
                    using (var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32 }))
                    {
                        foreach (var property in document.RootElement.EnumerateObject())
                        {
                            if ((string.Equals(property.Name, "message", StringComparison.OrdinalIgnoreCase)
                                    || string.Equals(property.Name, "errorMessage", StringComparison.OrdinalIgnoreCase))
                                && property.Value.ValueKind == JsonValueKind.String)
                            {
                                isJson = true;
                                return Cap(property.Value.GetString());
                            }
                        }
                    }
                }
                catch (JsonException)
                {
                    // Not JSON after all: the text itself is the message.
                }
            }

            var plain = text.Trim();
            return plain.Length == 0 ? null : Cap(plain);
        }

        private static string Decode(byte[] body)
        {
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body, 0, Math.Min(body.Length, MaxMessageLength * 4));
            }
            catch (DecoderFallbackException)
            {
                return Encoding.GetEncoding("ISO-8859-1").GetString(body, 0, Math.Min(body.Length, MaxMessageLength));
            }
        }

        private static string? Cap(string? text) =>
            text is null ? null : text.Length <= MaxMessageLength ? text : text.Substring(0, MaxMessageLength) + "\u2026";

        private readonly struct Probe
        {
            private readonly string? _type;
            private readonly string? _message;
            private readonly bool _json;

            public Probe(string? type, string? message, bool json)
            {
                _type = type;
                _message = message;
                _json = json;
            }

            /// <summary>The whole message of a JSON answer is <paramref name="text"/> (API Gateway's way of saying it).</summary>
            public bool IsJsonMessage(string text) => _json && string.Equals(_message?.Trim(), text, StringComparison.OrdinalIgnoreCase);

            public bool Is(string type) => string.Equals(_type, type, StringComparison.OrdinalIgnoreCase);

            public bool Says(string text) => _message != null && _message.IndexOf(text, StringComparison.OrdinalIgnoreCase) >= 0;
        }
    }
}

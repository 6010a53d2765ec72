using System;
using System.Collections.Generic;
using System.Net.Http;
using CrossAcctApi.Core.Signing;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Http
{
    /// <summary>
    /// The request message as it goes on the wire: the caller's headers split into request and content headers (and
    /// the ones that are signed), checked for what HTTP cannot carry, and the message built from exactly what was signed.
    /// </summary>
    internal static class OutgoingMessage
    {
        // Content headers go on HttpContent; HttpClient refuses them on the request itself.
        private static readonly HashSet<string> ContentHeaderNames = new HashSet<string>(
            new[] { "Content-Type", "Content-Encoding", "Content-Language", "Content-Location", "Content-MD5", "Content-Range", "Content-Disposition", "Expires", "Last-Modified", "Allow" },
            StringComparer.OrdinalIgnoreCase);

        // Framing headers are the HTTP stack's: a caller's value would disagree with the body actually sent.
        private static readonly HashSet<string> FramingHeaderNames = new HashSet<string>(
            new[] { "Content-Length", "Transfer-Encoding", "Connection", "Upgrade", "Keep-Alive", "TE", "Trailer" },
            StringComparer.OrdinalIgnoreCase);

        public static HttpRequestMessage Build(PreparedApiCall call, SigningOutput signature)
        {
            var message = new HttpRequestMessage(new HttpMethod(call.Method), call.Endpoint.Uri);
            try
            {
                if (call.Request.HttpVersion != null)
                {
                    message.Version = call.Request.HttpVersion;
                }

                if (call.Request.UserAgent != null)
                {
                    // On the request, it replaces the client's default User-Agent; it is not signed (proxies rewrite it).
                    message.Headers.TryAddWithoutValidation("User-Agent", call.Request.UserAgent);
                }

                foreach (var header in call.RequestHeaders)
                {
                    if (string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase))
                    {
                        message.Headers.Host = header.Value;
                    }
                    else
                    {
                        message.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    }
                }

                signature.AddHeadersTo(message.Headers, (headers, name, value) => headers.TryAddWithoutValidation(name, value));
                if (call.HasContent)
                {
                    var content = call.Body?.CreateContent() ?? new ByteArrayContent(Array.Empty<byte>());

                    // Exactly the signed values: no charset or other parameter added by HttpContent.
                    content.Headers.Remove("Content-Type");
                    foreach (var header in call.ContentHeaders)
                    {
                        content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    }

                    message.Content = content;
                }

                return message;
            }
            catch
            {
                message.Dispose();
                throw;
            }
        }

        public static void Split(
            ApiRequest request,
            string method,
            bool hasBody,
            List<string> notes,
            out List<KeyValuePair<string, string>> requestHeaders,
            out List<KeyValuePair<string, string>> contentHeaders,
            out List<KeyValuePair<string, string>> signed)
        {
            // One entry per name in first-seen order, values joined by ',' as HTTP allows: HttpClient would otherwise
            // send repeated values joined by ", ", which is not what the signature (joined by ',') covers.
            var order = new List<string>();
            var values = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in request.HeadersOrEmpty)
            {
                var name = header.Key ?? string.Empty;
                if (header.Value != null && !HttpHeaderText.IsSendable(header.Value))
                {
                    // HttpClient refuses such a value only after the connection is made, which looks like a network failure.
                    throw new CrossAcctApiException(
                        SigningErrorIds.InvalidHeader,
                        FailureKind.InvalidArgument,
                        "The value of the request header '" + SigningErrors.Printable(name) + "' contains a character HTTP headers cannot carry (only visible ASCII characters and spaces, RFC 9110).",
                        SigningErrors.Printable(name))
                    {
                        RecommendedAction = "Send values without CR, LF or NUL (or any other control character) and in ASCII only; encode other text first (for example as percent-encoding or base64), as the API expects it.",
                    };
                }

                if (FramingHeaderNames.Contains(name))
                {
                    throw new CrossAcctApiException(
                        SigningErrorIds.InvalidHeader,
                        FailureKind.InvalidArgument,
                        "The request header '" + SigningErrors.Printable(name) + "' is set by the HTTP stack from the body actually sent and cannot be given.",
                        SigningErrors.Printable(name))
                    {
                        RecommendedAction = "Remove the header.",
                    };
                }

                if (request.ContentType != null && string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (!values.TryGetValue(name, out var list))
                {
                    list = new List<string>();
                    values[name] = list;
                    order.Add(name);
                }

                // Null reaches the signing core, which refuses it with a message that says to use "".
                list.Add(header.Value!);
            }

            if (request.ContentType != null)
            {
                values["Content-Type"] = new List<string> { request.ContentType };
                order.Add("Content-Type");
            }

            requestHeaders = new List<KeyValuePair<string, string>>();
            contentHeaders = new List<KeyValuePair<string, string>>();
            signed = new List<KeyValuePair<string, string>>();
            foreach (var name in order)
            {
                var list = values[name];
                var value = list.Contains(null!) ? null! : string.Join(",", list);
                var pair = new KeyValuePair<string, string>(name, value);
                if (!ContentHeaderNames.Contains(name))
                {
                    requestHeaders.Add(pair);
                    signed.Add(pair);
                }
                else if (!hasBody && HttpMethods.ForbidsBody(method))
                {
                    notes.Add("The " + name + " header is not sent: " + method + " requests carry no body for it to describe.");
                }
                else
                {
                    contentHeaders.Add(pair);
                    signed.Add(pair);
                }
            }
        }
    }
}

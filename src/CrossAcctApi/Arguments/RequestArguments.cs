using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Text;
using CrossAcctApi.Core;

namespace CrossAcctApi
{
    /// <summary>Maps the request-shaping parameters (-Method, -Header, -Body) to what the signing core takes.</summary>
    internal static class RequestArguments
    {
        public const string InvalidBody = "InvalidBody";

        private static readonly string[] StandardMethods = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" };

        // Strings are sent as UTF-8 (no byte-order mark), the encoding API Gateway and JSON both assume.
        private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        /// <summary>
        /// Standard methods in upper case: HTTP methods are case-sensitive and the signature covers them, while
        /// Invoke-RestMethod sends "-Method post" as POST; signing "post" would then never match.
        /// </summary>
        public static string NormalizeMethod(string? method)
        {
            if (method is null)
            {
                return string.Empty;
            }

            foreach (var standard in StandardMethods)
            {
                if (string.Equals(method, standard, StringComparison.OrdinalIgnoreCase))
                {
                    return standard;
                }
            }

            return method;
        }

        /// <summary>
        /// The headers in the dictionary's order. A value that is a list gives the header once per item (signed as one
        /// comma-joined value); other values are converted to text as PowerShell would. Validation (reserved names,
        /// CR/LF injection) is the signing core's.
        /// </summary>
        public static List<KeyValuePair<string, string>> Headers(IDictionary? headers)
        {
            var list = new List<KeyValuePair<string, string>>();
            if (headers is null)
            {
                return list;
            }

            foreach (DictionaryEntry entry in headers)
            {
                var name = ToText(entry.Key) ?? string.Empty;
                var value = CredentialArgument.Unwrap(entry.Value);
                if (value is IEnumerable items && !(value is string))
                {
                    foreach (var item in items)
                    {
                        list.Add(new KeyValuePair<string, string>(name, ToText(item)!));
                    }
                }
                else
                {
                    // Null is passed on as null: the core refuses it with a message that says to use "".
                    list.Add(new KeyValuePair<string, string>(name, ToText(value)!));
                }
            }

            return list;
        }

        /// <summary>A string body as UTF-8 bytes, a byte[] as is; anything else is an <c>InvalidBody</c> error.</summary>
        public static byte[]? Body(object? body)
        {
            var value = CredentialArgument.Unwrap(body);
            switch (value)
            {
                case null:
                    return null;
                case byte[] bytes:
                    return bytes;
                case string text:
                    return Utf8.GetBytes(text);
                default:
                    throw new CrossAcctApiException(
                        InvalidBody,
                        FailureKind.InvalidArgument,
                        "-Body must be a string (sent as UTF-8) or a byte[]; a " + value.GetType().FullName + " was given.",
                        value.GetType().FullName)
                    {
                        RecommendedAction = "Convert the body first, for example -Body ($object | ConvertTo-Json -Depth 10) or -Body ([IO.File]::ReadAllBytes($path)).",
                    };
            }
        }

        private static string? ToText(object? value)
        {
            var unwrapped = CredentialArgument.Unwrap(value);
            switch (unwrapped)
            {
                case null:
                    return null;
                case string text:
                    return text;
                case IFormattable formattable:
                    return formattable.ToString(null, CultureInfo.InvariantCulture);
                default:
                    return LanguagePrimitives.ConvertTo<string>(unwrapped);
            }
        }
    }
}

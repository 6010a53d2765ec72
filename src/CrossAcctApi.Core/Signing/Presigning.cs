using System;
using System.Collections.Generic;
using System.Globalization;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>The parts of a signing pass particular to a presigned URL: its X-Amz-* query parameters.</summary>
    internal static class Presigning
    {
        /// <summary>The X-Amz-* parameters that are signed (all but X-Amz-Signature), to be sorted into the canonical query.</summary>
        public static KeyValuePair<string, string>[] SignedParameters(CredentialKeys keys, SigningSettings settings, AmzDate date, SigningKey key, string signedHeaderNames)
        {
            var parameters = new List<KeyValuePair<string, string>>(6)
            {
                new KeyValuePair<string, string>(SigV4Constants.AlgorithmParameter, SigV4Constants.Algorithm),
                new KeyValuePair<string, string>(SigV4Constants.CredentialParameter, key.Credential),
                new KeyValuePair<string, string>(SigV4Constants.DateParameter, date.Value),
                new KeyValuePair<string, string>(SigV4Constants.ExpiresParameter, settings.ExpiresInSeconds.ToString(CultureInfo.InvariantCulture)),
                new KeyValuePair<string, string>(SigV4Constants.SignedHeadersParameter, signedHeaderNames),
            };
            if (keys.SessionToken != null && settings.SignSessionToken)
            {
                parameters.Add(new KeyValuePair<string, string>(SigV4Constants.SecurityTokenParameter, keys.SessionToken));
            }

            return parameters.ToArray();
        }

        /// <summary>The caller's query followed by the X-Amz-* parameters in the order AWS's own presigned URLs use, X-Amz-Signature last.</summary>
        public static string Query(SigningScratch scratch, string? query, CredentialKeys keys, SigningSettings settings, AmzDate date, SigningKey key, string signedHeaderNames, ReadOnlySpan<byte> signature)
        {
            // Everything appended here is ASCII (encoded), so it is written as bytes and becomes one string.
            var tail = scratch.QueryParts;
            tail.Clear();
            tail.AppendAscii(SigV4Constants.AlgorithmParameter + "=" + SigV4Constants.Algorithm + "&" + SigV4Constants.CredentialParameter + "=");
            UriEncoding.AppendUnencoded(tail, key.Credential);
            tail.AppendAscii("&" + SigV4Constants.DateParameter + "=");
            tail.Append(date.Bytes);
            tail.AppendAscii("&" + SigV4Constants.SignedHeadersParameter + "=");
            UriEncoding.AppendUnencoded(tail, signedHeaderNames);
            tail.AppendAscii("&" + SigV4Constants.ExpiresParameter + "=");
            tail.AppendAscii(settings.ExpiresInSeconds.ToString(CultureInfo.InvariantCulture));
            if (keys.SessionToken != null)
            {
                tail.AppendAscii("&" + SigV4Constants.SecurityTokenParameter + "=");
                UriEncoding.AppendUnencoded(tail, keys.SessionToken);
            }

            tail.AppendAscii("&" + SigV4Constants.SignatureParameter + "=");
            tail.AppendHex(signature);
            var authentication = tail.ToUtf8String(0, tail.Length);
            return query == null ? authentication : query + "&" + authentication;
        }

        /// <summary>A query to presign must not carry authentication parameters already: presigning adds its own.</summary>
        public static void CheckNoReservedParameters(string? query)
        {
            if (query == null)
            {
                return;
            }

            foreach (var pair in query.Split('&'))
            {
                var equals = pair.IndexOf('=');
                var key = Uri.UnescapeDataString(equals < 0 ? pair : pair.Substring(0, equals));
                foreach (var reserved in SigV4Constants.ReservedQueryParameters)
                {
                    if (string.Equals(key, reserved, StringComparison.OrdinalIgnoreCase))
                    {
                        throw SigningErrors.InvalidArgument(
                            SigningErrorIds.ReservedQueryParameter,
                            $"The query already has '{reserved}', which presigning adds itself.",
                            reserved,
                            "Remove the X-Amz-* authentication parameters from the query before presigning.");
                    }
                }
            }
        }
    }
}

using System;
using System.Collections.Generic;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>Where each part of the canonical request lies in the written bytes.</summary>
    internal struct CanonicalSections
    {
        public int UriStart;
        public int UriEnd;
        public int QueryStart;
        public int QueryEnd;
        public int HeadersStart;
        public int HeadersEnd;
        public int SignedHeadersStart;
        public int SignedHeadersEnd;
        public int PayloadStart;
        public int End;
    }

    /// <summary>
    /// Writes the SigV4 canonical request as UTF-8 straight into a reusable buffer:
    /// <code>
    /// Method \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders (each "name:value\n") \n SignedHeaders \n PayloadHash
    /// </code>
    /// </summary>
    internal static class CanonicalRequestWriter
    {
        private static readonly byte[] EmptyPayloadHashBytes = System.Text.Encoding.ASCII.GetBytes(SigV4Constants.EmptyPayloadHash);

        public static void Write(
            SigningScratch scratch,
            HttpRequestToSign request,
            SigningSettings settings,
            in SyntheticHeaders synthetic,
            string payloadHash,
            KeyValuePair<string, string>[]? addedQueryParameters,
            out CanonicalSections sections)
        {
            var output = scratch.Canonical;
            output.Clear();
            output.AppendAscii(request.Method);
            output.Append('\n');

            sections.UriStart = output.Length;
            CanonicalUri.Append(output, request.Path, settings.NormalizePath, settings.DoubleEncodePath);
            sections.UriEnd = output.Length;
            output.Append('\n');

            sections.QueryStart = output.Length;
            CanonicalQuery.Append(scratch, output, request.Query, addedQueryParameters);
            sections.QueryEnd = output.Length;
            output.Append('\n');

            var count = SortHeaders(scratch, request, synthetic);
            sections.HeadersStart = output.Length;
            AppendHeaders(output, request.HeaderArray, synthetic, scratch.HeaderOrder, count);
            sections.HeadersEnd = output.Length;
            output.Append('\n');

            sections.SignedHeadersStart = output.Length;
            AppendSignedHeaderNames(output, request.HeaderArray, scratch.HeaderOrder, count);
            sections.SignedHeadersEnd = output.Length;
            output.Append('\n');

            sections.PayloadStart = output.Length;
            if (ReferenceEquals(payloadHash, SigV4Constants.EmptyPayloadHash))
            {
                output.Append(EmptyPayloadHashBytes);
            }
            else
            {
                output.AppendAscii(payloadHash);
            }

            sections.End = output.Length;
        }

        /// <summary>"host;x-amz-date;…" for a request, without writing a canonical request (presigning needs it first).</summary>
        public static string SignedHeaderNames(SigningScratch scratch, HttpRequestToSign request, in SyntheticHeaders synthetic)
        {
            var count = SortHeaders(scratch, request, synthetic);
            var output = scratch.Names;
            output.Clear();
            AppendSignedHeaderNames(output, request.HeaderArray, scratch.HeaderOrder, count);
            return scratch.SignedHeaderNames(output.Buffer, 0, output.Length);
        }

        /// <summary>The signed header names of the canonical request just written, as a string.</summary>
        public static string SignedHeaderNames(SigningScratch scratch, in CanonicalSections sections) =>
            scratch.SignedHeaderNames(scratch.Canonical.Buffer, sections.SignedHeadersStart, sections.SignedHeadersEnd);

        private static string NameOf(KeyValuePair<string, string>[] headers, int entry) =>
            entry >= 0 ? headers[entry].Key : SyntheticHeaders.NameOf(entry);

        /// <summary>Orders two header entries by lowercase name; the signer's own headers compare by code, without strings.</summary>
        private static int CompareNames(KeyValuePair<string, string>[] headers, int a, int b) =>
            a < 0 && b < 0 ? b - a : HttpSyntax.CompareIgnoreCase(NameOf(headers, a), NameOf(headers, b));

        /// <summary>
        /// Fills <see cref="SigningScratch.HeaderOrder"/> with the signed headers sorted by lowercase name; headers
        /// of the same name keep their order (insertion sort is stable), which is the order their values are joined in.
        /// </summary>
        private static int SortHeaders(SigningScratch scratch, HttpRequestToSign request, in SyntheticHeaders synthetic)
        {
            var headers = request.HeaderArray;
            var signed = request.SignedHeaderIndexes;
            var order = scratch.EnsureHeaderCapacity(signed.Length + 4);
            var count = 0;
            for (var i = 0; i < signed.Length; i++)
            {
                count = Insert(order, count, headers, signed[i]);
            }

            if (synthetic.Host != null)
            {
                count = Insert(order, count, headers, SyntheticHeaders.HostCode);
            }

            if (synthetic.ContentSha256 != null)
            {
                count = Insert(order, count, headers, SyntheticHeaders.ContentSha256Code);
            }

            if (synthetic.AmzDate != null)
            {
                count = Insert(order, count, headers, SyntheticHeaders.AmzDateCode);
            }

            if (synthetic.SecurityToken != null)
            {
                count = Insert(order, count, headers, SyntheticHeaders.SecurityTokenCode);
            }

            return count;
        }

        private static int Insert(int[] order, int count, KeyValuePair<string, string>[] headers, int entry)
        {
            var j = count - 1;
            while (j >= 0 && CompareNames(headers, order[j], entry) > 0)
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = entry;
            return count + 1;
        }

        private static void AppendName(Utf8Builder output, KeyValuePair<string, string>[] headers, int entry)
        {
            if (entry < 0)
            {
                output.Append(SyntheticHeaders.NameBytesOf(entry));
            }
            else
            {
                output.AppendLowerAscii(headers[entry].Key);
            }
        }

        private static void AppendHeaders(Utf8Builder output, KeyValuePair<string, string>[] headers, in SyntheticHeaders synthetic, int[] order, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var entry = order[i];
                if (i > 0 && CompareNames(headers, order[i - 1], entry) == 0)
                {
                    // Repeated header: values joined with commas, in the order they were given.
                    output.Append(',');
                }
                else
                {
                    if (i > 0)
                    {
                        output.Append('\n');
                    }

                    AppendName(output, headers, entry);
                    output.Append(':');
                }

                if (entry >= 0)
                {
                    AppendHeaderValue(output, headers[entry].Value);
                }
                else
                {
                    synthetic.AppendCanonicalValue(output, entry);
                }
            }

            if (count > 0)
            {
                output.Append('\n');
            }
        }

        /// <summary>A header value's canonical UTF-8 bytes, for values worth preparing once (the session token).</summary>
        public static byte[] CanonicalHeaderValueBytes(string value)
        {
            var builder = new Utf8Builder(value.Length * 3);
            AppendHeaderValue(builder, value);
            var bytes = new byte[builder.Length];
            System.Buffer.BlockCopy(builder.Buffer, 0, bytes, 0, builder.Length);
            return bytes;
        }

        /// <summary>Trims the value and collapses each inner run of spaces and tabs into one space.</summary>
        public static void AppendHeaderValue(Utf8Builder output, string value)
        {
            if (value.Length == 0)
            {
                return;
            }

            if (!IsBlank(value[0]) && !IsBlank(value[value.Length - 1]) && value.IndexOf('\t') < 0 && value.IndexOf("  ", StringComparison.Ordinal) < 0)
            {
                // Nothing to trim or collapse (the usual case): one vectorised UTF-8 copy.
                output.AppendUtf8(value);
                return;
            }

            var start = 0;
            var end = value.Length;
            while (start < end && IsBlank(value[start]))
            {
                start++;
            }

            while (end > start && IsBlank(value[end - 1]))
            {
                end--;
            }

            // At most 3 UTF-8 bytes per char, so one reservation covers the whole value.
            var buffer = output.Reserve((end - start) * 3);
            var position = output.Length;
            var pendingSpace = false;
            var i = start;
            while (i < end)
            {
                var c = value[i];
                if (c <= ' ' && IsBlank(c))
                {
                    pendingSpace = true;
                    i++;
                    continue;
                }

                if (pendingSpace)
                {
                    buffer[position++] = (byte)' ';
                    pendingSpace = false;
                }

                if (c < 0x80)
                {
                    buffer[position++] = (byte)c;
                    i++;
                }
                else
                {
                    i += Utf8Builder.WriteUtf8CodePoint(value.AsSpan(), i, buffer, ref position);
                }
            }

            output.SetLength(position);
        }

        private static bool IsBlank(char c) => c == ' ' || c == '\t';

        private static void AppendSignedHeaderNames(Utf8Builder output, KeyValuePair<string, string>[] headers, int[] order, int count)
        {
            for (var i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    if (CompareNames(headers, order[i - 1], order[i]) == 0)
                    {
                        continue;
                    }

                    output.Append(';');
                }

                AppendName(output, headers, order[i]);
            }
        }
    }
}

using System;
using System.Buffers;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>The canonical URI line of the canonical request: the path normalised and URI-encoded as the service signs it.</summary>
    internal static class CanonicalUri
    {
        public static void Append(Utf8Builder output, string path, bool normalize, bool doubleEncode)
        {
            // Double encoding encodes the path-as-sent once more ('%' becomes %25). Single encoding (S3) first undoes
            // the encoding the path was sent with, so raw and pre-encoded spellings of a character sign alike.
            var decodeFirst = !doubleEncode;
            if (path.Length <= 1)
            {
                output.Append('/');
                return;
            }

            if (IsAlreadyCanonical(path, normalize))
            {
                // Only unreserved characters and single slashes, no dot segments: encoding and normalising
                // change nothing, so the path is copied as is (the usual execute-api path).
                output.AppendUtf8(path);
                return;
            }

            if (normalize)
            {
                AppendNormalizedPath(output, path, decodeFirst);
                return;
            }

            // Unnormalised: every slash stays, every segment between them is encoded.
            var segmentStart = 1;
            output.Append('/');
            for (var i = 1; i <= path.Length; i++)
            {
                if (i == path.Length || path[i] == '/')
                {
                    if (i > segmentStart)
                    {
                        UriEncoding.Append(output, path.AsSpan(segmentStart, i - segmentStart), decodeFirst);
                    }

                    if (i < path.Length)
                    {
                        output.Append('/');
                    }

                    segmentStart = i + 1;
                }
            }
        }

        private static bool IsAlreadyCanonical(string path, bool normalize)
        {
            var previous = '\0';
            for (var i = 0; i < path.Length; i++)
            {
                var c = path[i];
                if (c == '/')
                {
                    if (normalize && previous == '/')
                    {
                        return false;
                    }
                }
                else if (!UriEncoding.IsUnreserved(c))
                {
                    return false;
                }
                else if (normalize && c == '.' && previous == '/'
                    && (i + 1 == path.Length || path[i + 1] == '/' || (path[i + 1] == '.' && (i + 2 == path.Length || path[i + 2] == '/'))))
                {
                    return false;
                }

                previous = c;
            }

            return true;
        }

        /// <summary>
        /// RFC 3986 remove_dot_segments plus collapsing of empty segments ("//"): "/a/./b/../c//" becomes "/a/c/".
        /// A trailing slash survives, and a final "." or ".." leaves one (as in RFC 3986: "/a/b/.." is "/a/").
        /// Only literal dot segments count; "%2E" is data.
        /// </summary>
        private static void AppendNormalizedPath(Utf8Builder output, string path, bool decodeFirst)
        {
            var maxSegments = 1;
            for (var i = 1; i < path.Length; i++)
            {
                if (path[i] == '/')
                {
                    maxSegments++;
                }
            }

            int[]? rented = null;
            Span<int> kept = maxSegments <= 64
                ? stackalloc int[maxSegments * 2]
                : (rented = ArrayPool<int>.Shared.Rent(maxSegments * 2));
            try
            {
                var depth = 0;
                var lastWasDot = false;
                var segmentStart = 1;
                for (var i = 1; i <= path.Length; i++)
                {
                    if (i < path.Length && path[i] != '/')
                    {
                        continue;
                    }

                    var length = i - segmentStart;
                    if (length == 1 && path[segmentStart] == '.')
                    {
                        lastWasDot = true;
                    }
                    else if (length == 2 && path[segmentStart] == '.' && path[segmentStart + 1] == '.')
                    {
                        depth = depth > 0 ? depth - 1 : 0;
                        lastWasDot = true;
                    }
                    else if (length > 0)
                    {
                        kept[depth * 2] = segmentStart;
                        kept[(depth * 2) + 1] = length;
                        depth++;
                        lastWasDot = false;
                    }

                    segmentStart = i + 1;
                }

                if (depth == 0)
                {
                    output.Append('/');
                    return;
                }

                for (var d = 0; d < depth; d++)
                {
                    output.Append('/');
                    UriEncoding.Append(output, path.AsSpan(kept[d * 2], kept[(d * 2) + 1]), decodeFirst);
                }

                if (lastWasDot || path[path.Length - 1] == '/')
                {
                    output.Append('/');
                }
            }
            finally
            {
                if (rented != null)
                {
                    ArrayPool<int>.Shared.Return(rented);
                }
            }
        }
    }
}

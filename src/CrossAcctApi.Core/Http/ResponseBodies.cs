using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CrossAcctApi.Core.Http
{
    /// <summary>Response bodies: read into memory (with an idle timeout), or streamed to the output file checked beforehand.</summary>
    internal static class ResponseBodies
    {
        private const int CopyBufferSize = 81920;

        public static async Task<byte[]> ReadAsync(HttpResponseMessage response, TimeSpan? idleTimeout, CancellationToken cancellationToken)
        {
            if (response.Content is null)
            {
                return Array.Empty<byte>();
            }

            using (var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            using (var buffer = new MemoryStream())
            {
                await IdleTimeoutCopy.CopyAsync(stream, buffer, CopyBufferSize, idleTimeout, cancellationToken).ConfigureAwait(false);
                return buffer.ToArray();
            }
        }

        public static async Task<long> WriteToFileAsync(HttpResponseMessage response, string path, TimeSpan? idleTimeout, CancellationToken cancellationToken)
        {
            try
            {
                using (var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, CopyBufferSize, useAsync: true))
                {
                    await IdleTimeoutCopy.CopyAsync(stream, file, CopyBufferSize, idleTimeout, cancellationToken).ConfigureAwait(false);
                    return file.Length;
                }
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException || (ex is IOException && !(ex is EndOfStreamException)))
            {
                throw new CrossAcctApiException(ApiErrorIds.OutFileNotWritable, FailureKind.InvalidOperation, "The response could not be written to " + path + ": " + ex.Message, path, ex)
                {
                    RecommendedAction = "Check that the folder exists, that you may write there, and that no other program holds the file open.",
                };
            }
        }

        public static string CheckOutFile(string path)
        {
            string full;
            try
            {
                full = Path.GetFullPath(path);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException || ex is System.Security.SecurityException)
            {
                throw OutFileError(path, "it is not a valid path (" + ex.Message + ")", ex);
            }

            var folder = Path.GetDirectoryName(full);
            if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
            {
                throw OutFileError(path, "its folder " + folder + " does not exist", null);
            }

            if (Directory.Exists(full))
            {
                throw OutFileError(path, "it is a folder", null);
            }

            return full;
        }

        private static CrossAcctApiException OutFileError(string path, string reason, Exception? inner) =>
            new CrossAcctApiException(ApiErrorIds.OutFileNotWritable, FailureKind.InvalidArgument, "{@OutFile} '" + path + "' cannot be written: " + reason + ".", path, inner)
            {
                RecommendedAction = "Pass the path of a file in an existing folder.",
            };
    }
}

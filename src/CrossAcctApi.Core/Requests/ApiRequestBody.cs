using System;
using System.IO;
using System.Net.Http;
using System.Security.Cryptography;

namespace CrossAcctApi.Core.Requests
{
    /// <summary>
    /// A request body. It is hashed once for the signature, however many times the request is retried, and a fresh
    /// <see cref="HttpContent"/> is made for each attempt (an HttpContent cannot be sent twice).
    /// </summary>
    public abstract class ApiRequestBody
    {
        /// <summary>Size in bytes.</summary>
        public abstract long Length { get; }

        /// <summary>In words, for verbose output ("23 bytes", "file report.csv, 4.1 MB").</summary>
        public abstract string Describe();

        /// <summary>The content for one attempt; the caller disposes it.</summary>
        internal abstract HttpContent CreateContent();

        /// <summary>The bytes, when they are in memory (the signer hashes them); null for streamed bodies.</summary>
        internal abstract byte[]? InMemoryBytes { get; }

        /// <summary>The lowercase hex SHA-256 of a streamed body; null when the signer hashes <see cref="InMemoryBytes"/>.</summary>
        internal abstract string? PrecomputedHash { get; }

        internal static string FormatSize(long bytes)
        {
            if (bytes < 1024)
            {
                return bytes.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes";
            }

            var kb = bytes / 1024.0;
            return kb < 1024
                ? kb.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " KB"
                : (kb / 1024).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " MB";
        }
    }

    /// <summary>A body held in memory (a string as UTF-8, a byte[], an object as JSON).</summary>
    public sealed class BytesRequestBody : ApiRequestBody
    {
        private readonly byte[] _bytes;

        public BytesRequestBody(byte[] bytes)
        {
            _bytes = bytes ?? throw new ArgumentNullException(nameof(bytes));
        }

        public override long Length => _bytes.Length;

        internal override byte[]? InMemoryBytes => _bytes;

        internal override string? PrecomputedHash => null;

        public override string Describe() => FormatSize(_bytes.Length);

        internal override HttpContent CreateContent() => new ByteArrayContent(_bytes);
    }

    /// <summary>
    /// A body streamed from a file (-InFile): read once to hash it, then streamed from disk on every attempt, so a
    /// large file never sits in memory. The file must not change in between (the signature covers its hash).
    /// </summary>
    public sealed class FileRequestBody : ApiRequestBody
    {
        private const int BufferSize = 81920;

        private readonly string _hash;

        private FileRequestBody(string path, long length, string hash)
        {
            Path = path;
            Length = length;
            _hash = hash;
        }

        /// <summary>The full path of the file.</summary>
        public string Path { get; }

        public override long Length { get; }

        internal override byte[]? InMemoryBytes => null;

        internal override string? PrecomputedHash => _hash;

        /// <summary>Opens and hashes the file; <c>InFileNotReadable</c> when it cannot be read.</summary>
        public static FileRequestBody Open(string path)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw NotReadable(path ?? string.Empty, "no path was given");
            }

            try
            {
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize))
                using (var sha = SHA256.Create())
                {
                    var hash = sha.ComputeHash(stream);
                    return new FileRequestBody(System.IO.Path.GetFullPath(path), stream.Length, Signing.Hex.ToLowerString(hash));
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                throw NotReadable(path, ex is FileNotFoundException || ex is DirectoryNotFoundException ? "it does not exist" : ex.GetType().Name + ": " + ex.Message, ex);
            }
        }

        public override string Describe() => "file " + System.IO.Path.GetFileName(Path) + ", " + FormatSize(Length);

        internal override HttpContent CreateContent()
        {
            var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
            if (stream.Length != Length)
            {
                stream.Dispose();
                throw new CrossAcctApiException(
                    RequestErrors.InFileNotReadable,
                    FailureKind.InvalidOperation,
                    "The file " + Path + " changed size while the request was being sent; its signature covers the content it had when it was read.",
                    Path)
                {
                    RecommendedAction = "Send a file that is not being written to, or copy it first.",
                };
            }

            return new StreamContent(stream, BufferSize);
        }

        private static CrossAcctApiException NotReadable(string path, string reason, Exception? inner = null) =>
            new CrossAcctApiException(RequestErrors.InFileNotReadable, FailureKind.InvalidArgument, "{@InFile} '" + path + "' cannot be read: " + reason + ".", path, inner)
            {
                RecommendedAction = "Pass the path of an existing file that you can read.",
            };
    }
}

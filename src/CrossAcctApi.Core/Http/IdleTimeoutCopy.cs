using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace CrossAcctApi.Core.Http
{
    /// <summary>
    /// Copies a response stream with Invoke-RestMethod's -OperationTimeoutSeconds: each read may wait at most the
    /// given time for data, however long the whole transfer takes (a slow but moving download goes on; a stalled one
    /// stops). A stall ends in <see cref="TimeoutException"/>, which the caller reports as a timeout.
    /// </summary>
    internal static class IdleTimeoutCopy
    {
        public static async Task<long> CopyAsync(Stream source, Stream destination, int bufferSize, TimeSpan? idleTimeout, CancellationToken cancellationToken)
        {
            if (!idleTimeout.HasValue)
            {
                await source.CopyToAsync(destination, bufferSize, cancellationToken).ConfigureAwait(false);
                return destination.CanSeek ? destination.Length : -1;
            }

            var buffer = new byte[bufferSize];
            long total = 0;
            while (true)
            {
                int read;
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    idle.CancelAfter(idleTimeout.Value);
                    try
                    {
                        read = await source.ReadAsync(buffer, 0, buffer.Length, idle.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new TimeoutException("No data arrived for " + idleTimeout.Value.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s while the answer was read.");
                    }
                }

                if (read == 0)
                {
                    return total;
                }

                await destination.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
                total += read;
            }
        }
    }
}

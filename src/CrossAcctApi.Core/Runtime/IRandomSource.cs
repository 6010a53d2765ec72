using System;

namespace CrossAcctApi.Core.Runtime
{
    /// <summary>The randomness behind retry jitter, injected so that tests can pin it to the ends of its range.</summary>
    public interface IRandomSource
    {
        /// <summary>A number in [0, 1).</summary>
        double NextDouble();
    }

    /// <summary>
    /// Thread-safe jitter for retries. Not cryptographic: jitter only spreads clients apart so that they do not
    /// retry in lockstep after a shared failure.
    /// </summary>
    public sealed class SharedRandomSource : IRandomSource
    {
        public static readonly SharedRandomSource Instance = new SharedRandomSource();

        private readonly object _gate = new object();
        private readonly Random _random = new Random();

        private SharedRandomSource()
        {
        }

        public double NextDouble()
        {
            lock (_gate)
            {
                return _random.NextDouble();
            }
        }
    }
}

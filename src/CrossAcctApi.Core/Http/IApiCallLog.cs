namespace CrossAcctApi.Core.Http
{
    /// <summary>
    /// Where the pipeline tells what it does (the front end turns it into verbose and debug output). Messages name
    /// methods, URLs, regions, header names, statuses and timings; never a secret, a token or a signature. Verbose
    /// messages are the engine's words and name inputs as markers (<see cref="Phrasing"/>), which the front end
    /// renders; debug messages are data shown as they are (the canonical request and string to sign).
    /// Called from whichever thread runs the call: implementations must be thread-safe.
    /// </summary>
    public interface IApiCallLog
    {
        /// <summary>When false, the pipeline does not even build debug text (explaining a signature costs a copy of the canonical request).</summary>
        bool IsDebugEnabled { get; }

        void Verbose(string message);

        void Debug(string message);
    }

    /// <summary>Discards everything.</summary>
    public sealed class NullApiCallLog : IApiCallLog
    {
        public static readonly NullApiCallLog Instance = new NullApiCallLog();

        private NullApiCallLog()
        {
        }

        public bool IsDebugEnabled => false;

        public void Verbose(string message)
        {
        }

        public void Debug(string message)
        {
        }
    }
}

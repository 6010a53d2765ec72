using System.Collections.Concurrent;
using System.Management.Automation;
using CrossAcctApi.Core.Http;

namespace CrossAcctApi
{
    /// <summary>
    /// Collects a call's verbose and debug lines from whichever thread runs it, so that the pipeline thread (the only
    /// one allowed to write to PowerShell's streams) can write them, in order, beside that call's output. Verbose lines
    /// are the engine's words, their input markers written as parameters; debug lines are data (the canonical request)
    /// and are written exactly as they came.
    /// </summary>
    internal sealed class BufferedCallLog : IApiCallLog
    {
        private readonly ConcurrentQueue<Line> _lines = new ConcurrentQueue<Line>();
        private readonly bool _verbose;

        public BufferedCallLog(bool verbose, bool debug)
        {
            _verbose = verbose;
            IsDebugEnabled = debug;
        }

        public bool IsDebugEnabled { get; }

        public void Verbose(string message)
        {
            if (_verbose)
            {
                _lines.Enqueue(new Line(false, message));
            }
        }

        public void Debug(string message)
        {
            if (IsDebugEnabled)
            {
                _lines.Enqueue(new Line(true, message));
            }
        }

        /// <summary>Writes what has been collected so far; call only from the pipeline thread.</summary>
        public void Flush(Cmdlet cmdlet)
        {
            while (_lines.TryDequeue(out var line))
            {
                if (line.IsDebug)
                {
                    cmdlet.WriteDebug(line.Text);
                }
                else
                {
                    cmdlet.WriteVerbose(ParameterPhrasing.Render(line.Text));
                }
            }
        }

        private readonly struct Line
        {
            public Line(bool isDebug, string text)
            {
                IsDebug = isDebug;
                Text = text;
            }

            public bool IsDebug { get; }

            public string Text { get; }
        }
    }
}

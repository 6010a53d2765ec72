using System;
using System.Globalization;
using System.IO;

namespace CrossAcctApi.DesktopHarness
{
    /// <summary>Runs the cases one by one and counts them; a case fails by throwing, and says why in one line.</summary>
    internal sealed class CaseResults
    {
        public int Passed { get; private set; }

        public int Failed { get; private set; }

        public int Skipped { get; private set; }

        public void Run(string name, Action body)
        {
            try
            {
                body();
                Passed++;
                Console.WriteLine("PASS " + name);
            }
            catch (Exception error)
            {
                Failed++;
                Console.WriteLine("FAIL " + name);
                Console.WriteLine("     " + Describe(error));
            }
        }

        public void Skip(string name, string reason)
        {
            Skipped++;
            Console.WriteLine("SKIP " + name + ": " + reason);
        }

        public void WriteSummary(string? path)
        {
            string line = string.Format(CultureInfo.InvariantCulture, "{0} passed, {1} failed, {2} skipped", Passed, Failed, Skipped);
            Console.WriteLine(line);
            if (path != null)
            {
                File.WriteAllText(path, string.Format(CultureInfo.InvariantCulture, "{{\"Passed\":{0},\"Failed\":{1},\"Skipped\":{2}}}", Passed, Failed, Skipped));
            }
        }

        /// <summary>The exception chain in one line: types and messages (the module's messages never carry a secret).</summary>
        private static string Describe(Exception error)
        {
            string text = string.Empty;
            for (Exception? e = error; e != null; e = e.InnerException)
            {
                text += (text.Length == 0 ? string.Empty : " <- ") + e.GetType().Name + ": " + e.Message;
            }

            return text.Replace('\n', ' ');
        }
    }

    /// <summary>Assertions that say what was expected and what came.</summary>
    internal static class Expect
    {
        public static void Equal<T>(T expected, T actual, string what)
        {
            if (!Equals(expected, actual))
            {
                throw new HarnessFailure(what + ": expected <" + expected + ">, got <" + actual + ">");
            }
        }

        public static void True(bool condition, string what)
        {
            if (!condition)
            {
                throw new HarnessFailure(what);
            }
        }
    }

    internal sealed class HarnessFailure : Exception
    {
        public HarnessFailure(string message)
            : base(message)
        {
        }
    }
}

using System;
using System.IO;

namespace CrossAcctApi.DesktopHarness
{
    internal sealed class HarnessOptions
    {
        public const string Usage =
            "mono --assembly-loader=strict CrossAcctApi.DesktopHarness.exe --module <out/CrossAcctApi> [--scenario module|control|beside-other-sdk]"
            + " [--sandbox <url>] [--disk-cache-seed <folder>] [--sigv4 <folder>] [--other-sdk <AWSSDK.Core.dll>] [--summary <file.json>]";

        public string ModuleDirectory { get; private set; } = string.Empty;

        public string Scenario { get; private set; } = "module";

        public Uri? Sandbox => SandboxText is null ? null : new Uri(SandboxText);

        /// <summary>The sandbox URL exactly as given (it is also the STS endpoint, part of the disk cache's key).</summary>
        public string? SandboxText { get; private set; }

        /// <summary>A disk cache folder in which PowerShell 7 wrote a session (see build.ps1, Invoke-DesktopHarness).</summary>
        public string? DiskCacheSeed { get; private set; }

        public string? SigV4Suite { get; private set; }

        public string? OtherSdk { get; private set; }

        public string? SummaryPath { get; private set; }

        /// <summary>False only for the control scenario, which shows what fails without the module's resolver.</summary>
        public bool RegisterResolver => Scenario != "control";

        public static HarnessOptions Parse(string[] args)
        {
            var options = new HarnessOptions();
            for (int i = 0; i < args.Length; i++)
            {
                string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException(args[i] + " needs a value.");
                switch (args[i])
                {
                    case "--module": options.ModuleDirectory = Path.GetFullPath(value); break;
                    case "--scenario": options.Scenario = value; break;
                    case "--sandbox": options.SandboxText = value; break;
                    case "--disk-cache-seed": options.DiskCacheSeed = Path.GetFullPath(value); break;
                    case "--sigv4": options.SigV4Suite = Path.GetFullPath(value); break;
                    case "--other-sdk": options.OtherSdk = Path.GetFullPath(value); break;
                    case "--summary": options.SummaryPath = Path.GetFullPath(value); break;
                    default: throw new ArgumentException("Unknown argument " + args[i]);
                }

                i++;
            }

            if (!File.Exists(Path.Combine(options.ModuleDirectory, "CrossAcctApi.psd1")))
            {
                throw new ArgumentException("--module must name the built module folder (out/CrossAcctApi), with CrossAcctApi.psd1 in it.");
            }

            return options;
        }
    }
}

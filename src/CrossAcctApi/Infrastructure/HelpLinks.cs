namespace CrossAcctApi
{
    /// <summary>
    /// Where each cmdlet's help lives online (Get-Help -Online, CommandInfo.HelpUri): its page under docs/help in the
    /// project the manifest's ProjectUri names (tests/pester/Help.Tests.ps1 checks that they agree).
    /// </summary>
    internal static class HelpLinks
    {
        public const string Root = "https://github.com/crossacctapi/CrossAcctApi/blob/main/docs/help/";
    }
}

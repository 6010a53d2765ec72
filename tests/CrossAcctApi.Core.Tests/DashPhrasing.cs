namespace CrossAcctApi.Core.Tests;

/// <summary>A front end's phrasing, as the cmdlet layer's: inputs as "-Name", commands by a name of their own.</summary>
internal sealed class DashPhrasing : IPhrasing
{
    public string Name(string input) => input == Phrasing.AssumeRoleCommand ? "Get-AssumedRoleCredential" : "-" + input;
}

using System.Security.Cryptography;
using System.Text;

namespace CrossAcctApi.Sandbox.Identity;

/// <summary>
/// IAM-style unique ids (AIDA... for users, AROA... for roles), derived from the ARN so that they are
/// stable across restarts of the sandbox, as real ones are across calls.
/// </summary>
internal static class UniqueIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string ForUser(string arn) => "AIDA" + Derive(arn);

    public static string ForRole(string arn) => "AROA" + Derive(arn);

    private static string Derive(string arn)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(arn));
        var builder = new StringBuilder(17);
        for (var i = 0; i < 17; i++) builder.Append(Alphabet[hash[i] % Alphabet.Length]);
        return builder.ToString();
    }
}

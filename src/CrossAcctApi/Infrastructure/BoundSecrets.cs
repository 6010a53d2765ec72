using System.Collections.Generic;
using System.Linq;
using System.Security;

namespace CrossAcctApi
{
    /// <summary>
    /// Takes the secrets given as SecureStrings (-SecretAccessKey, -SessionToken) out of the invocation's
    /// BoundParameters, which every record a cmdlet writes carries (InvocationInfo). A SecureString there is no
    /// protection: Export-Clixml writes one on Linux and macOS as the hex of its plain text (there is no DPAPI to encrypt
    /// it with), so an error record kept with Export-Clixml would hold the secret key. The parameters stay SecureStrings
    /// (a missing one is prompted for without echo); the cmdlet reads them from its own properties, which keep them.
    /// </summary>
    internal static class BoundSecrets
    {
        public static void Redact(IDictionary<string, object> boundParameters)
        {
            foreach (var name in boundParameters.Where(entry => entry.Value is SecureString).Select(entry => entry.Key).ToList())
            {
                boundParameters[name] = RedactedSecret.Instance;
            }
        }
    }

    /// <summary>What the bound parameters show in place of a secret: no value, no length.</summary>
    internal sealed class RedactedSecret
    {
        internal static readonly RedactedSecret Instance = new RedactedSecret();

        private RedactedSecret()
        {
        }

        public override string ToString() => "(secret, not shown)";
    }
}

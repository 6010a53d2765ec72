using System;
using System.Management.Automation;
using System.Security;

namespace CrossAcctApi
{
    /// <summary>
    /// Lets a SecureString parameter also take a plain string, as AWS.Tools (plain -SecretKey) and PowerShell's web
    /// cmdlets (SecureString -Token) between them do. The parameter stays a SecureString so that a missing mandatory
    /// secret is prompted for without echo, and so that parameter traces show a type name, not the value.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class SecretArgumentTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case null:
                    return null;
                case SecureString secure:
                    return secure;
                case string text:
                    return ToSecureString(text);
                default:
                    // Named by type only: whatever it is, it was meant to be a secret.
                    throw new ArgumentTransformationMetadataException(
                        "A secret must be a string or a SecureString; a " + value.GetType().FullName + " was given.");
            }
        }

        internal static SecureString ToSecureString(string text)
        {
            var secure = new SecureString();
            foreach (var c in text)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }
    }
}

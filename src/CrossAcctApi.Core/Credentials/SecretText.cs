using System;
using System.Runtime.InteropServices;
using System.Security;

namespace CrossAcctApi.Core.Credentials
{
    /// <summary>
    /// Reads a secret given as a string or a SecureString (how AWS.Tools and PowerShell's own web cmdlets take them).
    /// The plain text lives only as long as the caller keeps the returned string; the unmanaged copy is zeroed at once.
    /// </summary>
    internal static class SecretText
    {
        /// <summary>True for the types a secret may arrive as (so the caller can name the wrong type without its value).</summary>
        public static bool IsSupported(object? value) => value is null || value is string || value is SecureString || value is char[];

        /// <summary>The plain text, or null for null/empty input. Unsupported types give null; check <see cref="IsSupported"/> first.</summary>
        public static string? Read(object? value)
        {
            switch (value)
            {
                case string text:
                    return text.Length == 0 ? null : text;
                case char[] chars:
                    return chars.Length == 0 ? null : new string(chars);
                case SecureString secure:
                    return Read(secure);
                default:
                    return null;
            }
        }

        public static string? Read(SecureString? secure)
        {
            if (secure is null || secure.Length == 0)
            {
                return null;
            }

            IntPtr pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
                return Marshal.PtrToStringUni(pointer, secure.Length);
            }
            finally
            {
                if (pointer != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                }
            }
        }
    }
}

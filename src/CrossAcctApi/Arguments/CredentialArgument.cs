using System;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi
{
    /// <summary>
    /// Reads whatever was given as a credential into a <see cref="CredentialInput"/>: the module's own credential as
    /// is; JSON text (AWS CLI output, as one string or as lines); a PSCredential (user name = access key id, password =
    /// secret); an AWS SDK AWSCredentials through its GetCredentials(); hashtables, PSCustomObjects (ConvertFrom-Json
    /// output) and .NET objects (AWS.Tools results) by the names of their properties. The shape rules live in the core
    /// (<see cref="CredentialShape"/>); this class only unwraps PowerShell's objects for it. It never throws: a value
    /// that cannot be read carries its error, to be reported as the module's own error record.
    /// </summary>
    internal static class CredentialArgument
    {
        // The only nested objects the core reads; other properties are passed as they are, not walked.
        private static readonly string[] NestedNames = { "Credentials", "AssumedRoleUser" };

        public static CredentialInput? Read(object? argument)
        {
            var value = PowerShellValues.Unwrap(argument);
            switch (value)
            {
                case null:
                    return null;
                case CredentialInput input:
                    return input;
                case AwsCredential credential:
                    return CredentialInput.Read(credential, "the module's credential " + credential.AccessKeyId);
                case string text:
                    return FromText(text);
                case object[] lines when lines.Length > 0 && lines.All(l => PowerShellValues.Unwrap(l) is string):
                    // Native command output captured whole arrives as lines: -Credential (aws sts assume-role ...)
                    return FromText(string.Join("\n", lines.Select(l => (string)PowerShellValues.Unwrap(l)!)));
            }

            try
            {
                if (value is PSCredential psCredential)
                {
                    var keys = CredentialShape.FromParameters(psCredential.UserName, psCredential.Password, null);
                    return CredentialInput.Read(keys, "PSCredential");
                }

                if (TryGetSdkCredentials(value, out var immutable))
                {
                    var description = value.GetType().FullName ?? value.GetType().Name;
                    return CredentialInput.Read(CredentialShape.Create(PowerShellValues.ToDictionary(immutable!, NestedNames), description), description);
                }

                var names = PowerShellValues.PropertyNames(argument!);
                var what = Describe(argument!);
                if (!CredentialShape.LooksLikeCredential(names))
                {
                    return CredentialInput.NotACredential(what + " with " + (names.Count == 0 ? "no properties" : "properties " + string.Join(", ", names.Take(8))), names);
                }

                return CredentialInput.Read(CredentialShape.Create(PowerShellValues.ToDictionary(argument!, NestedNames), what), what);
            }
            catch (CrossAcctApiException error)
            {
                return CredentialInput.Failed(error, Describe(argument!));
            }
        }

        /// <summary>
        /// Text is only ever meant as a credential (no other parameter takes piped text), so it is JSON or an error.
        /// Text that is not a whole document may be one line of a command's output; the caller joins those.
        /// </summary>
        public static CredentialInput FromText(string text)
        {
            try
            {
                return CredentialInput.Read(CredentialShape.FromJson(text), "JSON text");
            }
            catch (CrossAcctApiException error)
            {
                return CredentialInput.Text(text, error);
            }
        }

        private static string Describe(object argument)
        {
            switch (PowerShellValues.Unwrap(argument))
            {
                case System.Collections.Hashtable _:
                    return "hashtable";
                case System.Collections.IDictionary _:
                    return "dictionary";
                case PSObject _:
                    return "PSCustomObject";
                case object other:
                    return other.GetType().FullName ?? other.GetType().Name;
                default:
                    return "object";
            }
        }

        // Amazon.Runtime.AWSCredentials (AWS.Tools' Get-AWSCredential) keeps its keys behind GetCredentials(), which
        // returns ImmutableCredentials (AccessKey/SecretKey/Token). Matched by type name: this assembly does not
        // reference the AWS SDK, and must work with whichever version the session loaded.
        private static bool TryGetSdkCredentials(object value, out object? immutable)
        {
            immutable = null;
            if (!IsSdkCredentials(value.GetType()))
            {
                return false;
            }

            var method = value.GetType().GetMethod("GetCredentials", BindingFlags.Public | BindingFlags.Instance, null, Type.EmptyTypes, null);
            if (method is null)
            {
                return false;
            }

            try
            {
                immutable = method.Invoke(value, null);
            }
            catch (TargetInvocationException ex)
            {
                throw new CrossAcctApiException(
                    CredentialErrors.InvalidCredential,
                    FailureKind.AuthenticationError,
                    "The AWS SDK credentials object (" + value.GetType().Name + ") could not produce keys (" + (ex.InnerException ?? ex).GetType().Name + ").",
                    value.GetType().FullName,
                    ex.InnerException)
                {
                    RecommendedAction = "Check the profile or source the AWS SDK credentials come from, or give the keys another way.",
                };
            }

            return immutable != null;
        }

        private static bool IsSdkCredentials(Type type)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                if (current.FullName == "Amazon.Runtime.AWSCredentials")
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Turns a -Credential argument into a <see cref="CredentialInput"/> while PowerShell binds it, so that the value it
    /// keeps (BoundParameters, and with it every record the cmdlet writes) holds no readable secret. Never fails:
    /// what cannot be read is reported by the cmdlet as the module's own error, with a stable ErrorId.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class CredentialTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) => CredentialArgument.Read(inputData);
    }
}

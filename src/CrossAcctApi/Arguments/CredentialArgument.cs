using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi
{
    /// <summary>
    /// Turns whatever was given as -Credential into an <see cref="AwsCredential"/>: the module's own credential as is;
    /// hashtables, PSCustomObjects (ConvertFrom-Json output) and .NET objects (AWS.Tools results) by the names of their
    /// properties; JSON text; a PSCredential (user name = access key id, password = secret); an AWS SDK AWSCredentials
    /// through its GetCredentials(). The shape rules live in the core (<see cref="CredentialShape"/>); this class
    /// only unwraps PowerShell's objects into dictionaries for it.
    /// </summary>
    internal static class CredentialArgument
    {
        // The only nested objects the core reads; other properties are passed as they are, not walked.
        private static readonly string[] NestedNames = { "Credentials", "AssumedRoleUser" };

        public static AwsCredential Convert(object argument)
        {
            var value = Unwrap(argument);
            switch (value)
            {
                case AwsCredential credential:
                    return credential;
                case string text:
                    return CredentialShape.FromJson(text);
                case object[] lines when lines.All(l => Unwrap(l) is string):
                    // Native command output arrives as lines: $(aws sts assume-role ...)
                    return CredentialShape.FromJson(string.Join("\n", lines.Select(l => (string)Unwrap(l)!)));
                case PSCredential psCredential:
                    return CredentialShape.Create(
                        new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
                        {
                            ["AccessKeyId"] = psCredential.UserName,
                            ["SecretAccessKey"] = psCredential.Password,
                        },
                        "PSCredential");
            }

            if (TryGetSdkCredentials(value!, out var immutable))
            {
                return CredentialShape.Create(ToDictionary(immutable!), value!.GetType().FullName);
            }

            return CredentialShape.Create(ToDictionary(argument), Describe(argument));
        }

        /// <summary>
        /// The property names of a pipeline object, to decide whether it was meant as a credential at all (see
        /// <see cref="CredentialShape.LooksLikeCredential"/>). Objects of the module's own type, text and the special
        /// types are credentials by type.
        /// </summary>
        public static bool LooksLikeCredential(object argument)
        {
            var value = Unwrap(argument);
            if (value is AwsCredential || value is PSCredential || (value != null && IsSdkCredentials(value.GetType())))
            {
                return true;
            }

            if (value is string || value is null || value.GetType().IsPrimitive)
            {
                return false;
            }

            return CredentialShape.LooksLikeCredential(ToDictionary(argument).Keys);
        }

        internal static object? Unwrap(object? value) => value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : value;

        private static IReadOnlyDictionary<string, object?> ToDictionary(object argument) => ToDictionary(argument, depth: 0);

        private static Dictionary<string, object?> ToDictionary(object argument, int depth)
        {
            var properties = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            var value = Unwrap(argument);
            if (value is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = System.Convert.ToString(Unwrap(entry.Key), System.Globalization.CultureInfo.InvariantCulture);
                    if (!string.IsNullOrEmpty(key) && !properties.ContainsKey(key!))
                    {
                        properties[key!] = Nested(key!, entry.Value, depth);
                    }
                }

                return properties;
            }

            var psObject = argument as PSObject ?? PSObject.AsPSObject(value!);
            foreach (var property in psObject.Properties)
            {
                if (!property.IsGettable || properties.ContainsKey(property.Name))
                {
                    continue;
                }

                object? propertyValue;
                try
                {
                    propertyValue = property.Value;
                }
                catch (GetValueException)
                {
                    // A getter that throws (some SDK objects have them) is a property we cannot read, not an error.
                    continue;
                }

                properties[property.Name] = Nested(property.Name, propertyValue, depth);
            }

            return properties;
        }

        private static object? Nested(string name, object? value, int depth)
        {
            var unwrapped = Unwrap(value);
            if (unwrapped is null || depth > 0 || !NestedNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return unwrapped;
            }

            return unwrapped is string || unwrapped.GetType().IsPrimitive ? unwrapped : ToDictionary(value!, depth + 1);
        }

        private static string Describe(object argument)
        {
            switch (Unwrap(argument))
            {
                case Hashtable _:
                    return "hashtable";
                case IDictionary _:
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
                throw new Core.CrossAcctApiException(
                    CredentialErrors.InvalidCredential,
                    Core.FailureKind.AuthenticationError,
                    "The AWS SDK credentials object (" + value.GetType().Name + ") could not produce keys (" + (ex.InnerException ?? ex).GetType().Name + ").",
                    value.GetType().FullName,
                    ex.InnerException)
                {
                    RecommendedAction = "Check the profile or source the AWS SDK credentials come from, or pass the keys another way.",
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
}

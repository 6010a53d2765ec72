using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CrossAcctApi.Core.Runtime;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Credentials
{
    /// <summary>
    /// Reads one field of a credential-shaped object (by any of its accepted names, case-insensitive): the access key id
    /// checked for shape, secrets as strings or SecureStrings, an expiration in any of the shapes tools write. Errors
    /// name the field and the object, never a value.
    /// </summary>
    internal static class CredentialFields
    {
        internal static string ReadAccessKeyId(IReadOnlyDictionary<string, object?> properties, string name, string prefix, string what)
        {
            var value = Get(properties, name);
            if (value is null || (value is string s && s.Trim().Length == 0))
            {
                throw CredentialErrors.Invalid(
                    what + " has no " + prefix + name + " value. Properties seen: " + CredentialErrors.DescribeNames(properties.Keys) + ".",
                    "Give the access key id together with its secret access key.");
            }

            if (!(value is string id))
            {
                throw CredentialErrors.Invalid(
                    what + "'s " + prefix + name + " is a " + value.GetType().FullName + "; it must be text.",
                    "Give the access key id as a string.");
            }

            id = id.Trim();
            if (id.Length > 128 || id.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '/'))
            {
                // The id is not secret, but a malformed one may be a secret pasted into the wrong field: do not echo it.
                throw CredentialErrors.Invalid(
                    what + "'s " + prefix + name + " is not an access key id (it has spaces, control characters or '/', or is over 128 characters).",
                    "Check that the access key id and the secret access key were not swapped.");
            }

            return id;
        }

        internal static string? ReadSecret(IReadOnlyDictionary<string, object?> properties, string[] names, string prefix, string what, bool required, bool upperCase)
        {
            // A missing name is reported as the object would have spelled it (AWS_SECRET_ACCESS_KEY beside AWS_ACCESS_KEY_ID).
            var name = names.FirstOrDefault(properties.ContainsKey) ?? (upperCase ? names[0].ToUpperInvariant() : names[0]);
            var value = Get(properties, name);
            if (!SecretText.IsSupported(value))
            {
                throw CredentialErrors.Invalid(
                    what + "'s " + prefix + name + " is a " + value!.GetType().FullName + "; it must be a string or a SecureString.",
                    "Give the secret as a string or a SecureString.");
            }

            var text = SecretText.Read(value);
            if (text != null && text.Trim().Length == 0)
            {
                text = null;
            }

            if (text is null && required)
            {
                var state = properties.ContainsKey(name) ? "an empty " + prefix + name : "no " + prefix + name;
                throw CredentialErrors.Invalid(
                    what + " has " + state + ". Properties seen: " + CredentialErrors.DescribeNames(properties.Keys) + ".",
                    "Give the secret access key that belongs to the access key id (temporary credentials also need their session token).");
            }

            return text;
        }

        internal static DateTime? ReadExpiration(IReadOnlyDictionary<string, object?> properties, string[] names, string prefix, string what)
        {
            var name = names.FirstOrDefault(properties.ContainsKey);
            if (name is null)
            {
                return null;
            }

            var value = Get(properties, name);
            if (CredentialTime.TryRead(value, out var utc))
            {
                return utc;
            }

            // An expiration is not secret, but say only its type: it could be any object.
            throw CredentialErrors.Invalid(
                what + "'s " + prefix + name + " is not a date (" + value!.GetType().Name + "). Expected a DateTime, a DateTimeOffset or ISO-8601 text such as 2025-01-31T12:00:00Z.",
                "Give the expiration as an ISO-8601 date, or leave it out for long-term keys.");
        }

        internal static string? ReadText(IReadOnlyDictionary<string, object?> properties, string[] names)
        {
            foreach (var name in names)
            {
                switch (Get(properties, name))
                {
                    case string text when text.Trim().Length > 0:
                        return text.Trim();
                    case IFormattable formattable when !(formattable is DateTime):
                        return formattable.ToString(null, CultureInfo.InvariantCulture);
                }
            }

            return null;
        }

        internal static object? Get(IReadOnlyDictionary<string, object?> properties, string name) =>
            properties.TryGetValue(name, out var value) ? value : null;

        internal static IReadOnlyDictionary<string, object?> CaseInsensitive(IReadOnlyDictionary<string, object?> properties)
        {
            var copy = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in properties)
            {
                // Two names differing only by case (possible in JSON): the first non-null value wins.
                if (pair.Key != null && (!copy.TryGetValue(pair.Key, out var existing) || existing is null))
                {
                    copy[pair.Key] = pair.Value;
                }
            }

            return copy;
        }

        internal static IReadOnlyDictionary<string, object?>? AsDictionary(object? value)
        {
            switch (value)
            {
                case IReadOnlyDictionary<string, object?> typed:
                    return typed;
                case IDictionary untyped:
                    var copy = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                    foreach (DictionaryEntry entry in untyped)
                    {
                        if (entry.Key is string key)
                        {
                            copy[key] = entry.Value;
                        }
                    }

                    return copy;
                default:
                    return null;
            }
        }
    }
}

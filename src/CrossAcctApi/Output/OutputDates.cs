using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi
{
    /// <summary>
    /// Dates in the module's output read as ISO 8601 wherever PowerShell turns a value into text with ToString:
    /// Export-Csv writes <c>value.ToString()</c>, which for a DateTime is the machine's culture ("07.12.2026 01:02:03"
    /// on a German machine), so a CSV made for CI would differ from machine to machine. Each date property of an output
    /// object is shadowed by an instance property of the same name (<see cref="ShownDateProperty"/>) that reads the live
    /// value (a refreshed credential's Expiration changes) and hands it out as the same DateTime with a ToString that
    /// gives "2026-12-07T01:02:03Z". It stays a DateTime to everything else: -is [datetime], comparisons, Sort-Object,
    /// .AddMinutes(), ConvertTo-Json, Export-Clixml, Get-Member; passed back to a cmdlet, the object is the module's own.
    /// </summary>
    public static class OutputDates
    {
        // The one text PowerShell asks for without arguments; .ToString('o') and friends still reach DateTime's own.
        private static readonly ScriptBlock TextMethod = ScriptBlock.Create("[CrossAcctApi.OutputDates]::Text($this, $args)");

        // The date properties of the output types, each with how to read it live.
        // tests/pester/Serialization.Tests.ps1 checks that every date of every output type comes out in ISO 8601.
        private static readonly Dictionary<Type, ShownDateProperty[]> Shadows = new Dictionary<Type, ShownDateProperty[]>
        {
            [typeof(AwsCredential)] = new[]
            {
                new ShownDateProperty(nameof(AwsCredential.Expiration), typeof(DateTime), item => ((AwsCredential)item).Expiration),
            },
            [typeof(SignedHttpApiRequest)] = new[]
            {
                new ShownDateProperty(nameof(SignedHttpApiRequest.SigningTime), typeof(DateTimeOffset), item => ((SignedHttpApiRequest)item).SigningTime),
                new ShownDateProperty(nameof(SignedHttpApiRequest.ExpiresAt), typeof(DateTimeOffset), item => ((SignedHttpApiRequest)item).ExpiresAt),
            },
        };

        /// <summary>Adds the shadowing date properties of <paramref name="output"/>'s type to <paramref name="shown"/>.</summary>
        internal static void Shadow(object output, PSObject shown)
        {
            if (!Shadows.TryGetValue(output.GetType(), out var shadows))
            {
                return;
            }

            foreach (var shadow in shadows)
            {
                if (shown.Properties[shadow.Name] is not ShownDateProperty)
                {
                    shown.Properties.Add(shadow.For(output));
                }
            }
        }

        /// <summary>Whether <paramref name="type"/> has dates to shadow.</summary>
        internal static bool HasDates(Type type) => Shadows.ContainsKey(type);

        /// <summary>The text of a shown date: ISO 8601 in UTC without arguments; with a format, DateTime's own.</summary>
        public static string Text(object value, object[]? arguments)
        {
            var date = PSObject.AsPSObject(value).BaseObject;
            if (arguments is { Length: > 0 } && date is IFormattable formattable)
            {
                var format = PSObject.AsPSObject(arguments[0]).BaseObject as string;
                var provider = arguments.Length > 1 ? PSObject.AsPSObject(arguments[1]).BaseObject as IFormatProvider : null;
                return formattable.ToString(format, provider ?? CultureInfo.CurrentCulture);
            }

            var utc = date is DateTimeOffset offset ? offset.UtcDateTime : ((DateTime)date).ToUniversalTime();
            return utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
        }

        /// <summary>A date as handed out: the DateTime or DateTimeOffset itself, with the ISO 8601 ToString.</summary>
        internal static PSObject? Shown(object? date)
        {
            if (date is null)
            {
                return null;
            }

            var shown = new PSObject(date);
            shown.Methods.Add(new PSScriptMethod("ToString", TextMethod));
            return shown;
        }
    }
}

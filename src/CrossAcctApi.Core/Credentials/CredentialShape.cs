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
    /// Recognises a credential by the names of its properties, the way people actually have credentials lying around:
    /// <list type="bullet">
    /// <item>AccessKeyId / SecretAccessKey / SessionToken [/ Expiration]: the AWS CLI's <c>assume-role</c> output's
    /// <c>Credentials</c>, AWS.Tools' <c>Amazon.SecurityToken.Model.Credentials</c>, credential_process JSON;</item>
    /// <item>an object with a nested <c>Credentials</c> (and <c>AssumedRoleUser</c> with Arn / AssumedRoleId): the whole
    /// AWS CLI <c>assume-role</c> JSON, or AWS.Tools <c>Use-STSRole</c> output;</item>
    /// <item>AccessKey / SecretKey / Token: the AWS SDK's <c>ImmutableCredentials</c>;</item>
    /// <item>aws_access_key_id / aws_secret_access_key / aws_session_token: the shared credentials file, and (names
    /// being case-insensitive) the environment variables AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN.</item>
    /// </list>
    /// Names are case-insensitive. Values of nested objects must be dictionaries (the PowerShell layer unwraps
    /// PSObjects into them). Secrets may be strings or SecureStrings. Errors name the properties seen, never values.
    /// </summary>
    public static class CredentialShape
    {
        private const string NestedCredentials = "Credentials";
        private const string NestedAssumedRoleUser = "AssumedRoleUser";

        private static readonly KeyNames[] Shapes =
        {
            new KeyNames("AccessKeyId", new[] { "SecretAccessKey" }, new[] { "SessionToken" }, new[] { "Expiration" }),
            new KeyNames("AccessKey", new[] { "SecretKey" }, new[] { "Token" }, new[] { "Expiration" }),
            // aws_security_token is the older name the AWS CLI and botocore still read.
            new KeyNames("aws_access_key_id", new[] { "aws_secret_access_key" }, new[] { "aws_session_token", "aws_security_token" }, new[] { "aws_credential_expiration", "Expiration" }),
        };

        private static readonly string[] RoleArnNames = { "RoleArn", "role_arn" };
        private static readonly string[] AssumedRoleArnNames = { "AssumedRoleArn" };
        private static readonly string[] AssumedRoleIdNames = { "AssumedRoleId" };
        private static readonly string[] SessionNameNames = { "SessionName", "RoleSessionName", "role_session_name" };
        private static readonly string[] AccountIdNames = { "AccountId", "aws_account_id" };
        private static readonly string[] RegionNames = { "Region", "aws_region", "aws_default_region" };

        private static readonly string[] EnvironmentVariables =
        {
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
        };

        /// <summary>
        /// Builds a credential from an object's properties. <paramref name="containerDescription"/> says what the
        /// object was (for example "hashtable" or "PSCustomObject"), for <see cref="AwsCredential.SourceDescription"/>
        /// and error messages. Throws <c>InvalidCredential</c> when the shape is not recognised or a key is missing or empty.
        /// </summary>
        public static AwsCredential Create(
            IReadOnlyDictionary<string, object?> properties,
            string? containerDescription = null,
            CredentialSource source = CredentialSource.Object,
            ISystemClock? clock = null)
        {
            if (properties is null)
            {
                throw new ArgumentNullException(nameof(properties));
            }

            var what = string.IsNullOrWhiteSpace(containerDescription) ? "The credential object" : "The credential " + containerDescription;
            var top = CaseInsensitive(properties);
            var keySource = top;
            var prefix = string.Empty;
            var shape = FindShape(top);
            if (shape is null && AsDictionary(Get(top, NestedCredentials)) is IReadOnlyDictionary<string, object?> nested)
            {
                // The whole AWS CLI / Use-STSRole answer: the keys are one level down.
                keySource = CaseInsensitive(nested);
                prefix = NestedCredentials + ".";
                shape = FindShape(keySource);
                if (shape is null)
                {
                    throw NotACredential(what + "'s Credentials property", keySource.Keys);
                }
            }

            if (shape is null)
            {
                throw NotACredential(what, top.Keys);
            }

            var accessKeyId = ReadAccessKeyId(keySource, shape.AccessKeyId, prefix, what);
            var upperCase = shape.IsUpperCase(keySource);
            var secret = ReadSecret(keySource, shape.Secret, prefix, what, required: true, upperCase)!;
            var token = ReadSecret(keySource, shape.Token, prefix, what, required: false, upperCase);
            var expiration = ReadExpiration(keySource, shape.Expiration, prefix, what);

            var roleUser = AsDictionary(Get(top, NestedAssumedRoleUser)) is IReadOnlyDictionary<string, object?> user ? CaseInsensitive(user) : null;
            var identity = new CredentialIdentity(
                roleArn: ReadText(top, RoleArnNames),
                assumedRoleArn: ReadText(top, AssumedRoleArnNames) ?? (roleUser is null ? null : ReadText(roleUser, new[] { "Arn" })),
                assumedRoleId: ReadText(top, AssumedRoleIdNames) ?? (roleUser is null ? null : ReadText(roleUser, AssumedRoleIdNames)),
                sessionName: ReadText(top, SessionNameNames),
                accountId: ReadText(top, AccountIdNames) ?? ReadText(keySource, AccountIdNames));

            var region = ReadText(top, RegionNames);
            if (region != null)
            {
                AwsRegion.Validate(region, what + "'s Region property");
            }

            var shapeText = prefix + shape.Describe(keySource);
            string description;
            switch (source)
            {
                case CredentialSource.Environment:
                    description = "environment variables";
                    break;
                case CredentialSource.Parameters:
                    description = "parameters";
                    break;
                default:
                    description = string.IsNullOrWhiteSpace(containerDescription) ? shapeText : containerDescription + " with " + shapeText;
                    break;
            }

            return new AwsCredential(
                new CredentialKeys(accessKeyId, secret, token),
                source,
                expiration,
                refresher: null,
                clock: clock,
                identity: identity,
                region: region,
                sourceDescription: description);
        }

        /// <summary>As <see cref="Create"/>, but reports a bad shape through <paramref name="error"/> instead of throwing.</summary>
        public static bool TryCreate(
            IReadOnlyDictionary<string, object?> properties,
            out AwsCredential? credential,
            out CrossAcctApiException? error,
            string? containerDescription = null,
            ISystemClock? clock = null)
        {
            try
            {
                credential = Create(properties, containerDescription, CredentialSource.Object, clock);
                error = null;
                return true;
            }
            catch (CrossAcctApiException ex)
            {
                credential = null;
                error = ex;
                return false;
            }
        }

        /// <summary>
        /// True when the names include any credential property (or a nested Credentials). Lets the cmdlet tell a piped
        /// object meant for other parameters (a CSV row with a Uri column) from a malformed credential.
        /// </summary>
        public static bool LooksLikeCredential(IEnumerable<string> propertyNames)
        {
            var known = new HashSet<string>(
                Shapes.SelectMany(s => new[] { s.AccessKeyId }.Concat(s.Secret)).Concat(new[] { NestedCredentials }),
                StringComparer.OrdinalIgnoreCase);
            return propertyNames.Any(known.Contains);
        }

        /// <summary>
        /// The credential in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN (and AWS_CREDENTIAL_EXPIRATION),
        /// or null when neither key variable is set. One set without the other is an <c>InvalidCredential</c> error.
        /// </summary>
        public static AwsCredential? FromEnvironment(Func<string, string?> getEnvironmentVariable, ISystemClock? clock = null)
        {
            if (getEnvironmentVariable is null)
            {
                throw new ArgumentNullException(nameof(getEnvironmentVariable));
            }

            var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in EnvironmentVariables)
            {
                var value = getEnvironmentVariable(name);
                if (!string.IsNullOrEmpty(value))
                {
                    values[name] = value;
                }
            }

            if (!values.ContainsKey("AWS_ACCESS_KEY_ID") && !values.ContainsKey("AWS_SECRET_ACCESS_KEY"))
            {
                return null;
            }

            return Create(values, "in environment variables", CredentialSource.Environment, clock);
        }

        /// <summary>
        /// A credential from JSON text: the AWS CLI's <c>assume-role</c> output as printed (before ConvertFrom-Json),
        /// or credential_process output. The text is never quoted in errors, since it holds the secret.
        /// </summary>
        public static AwsCredential FromJson(string json, string? containerDescription = null, ISystemClock? clock = null)
        {
            if (json is null)
            {
                throw new ArgumentNullException(nameof(json));
            }

            System.Text.Json.JsonDocument document;
            try
            {
                document = System.Text.Json.JsonDocument.Parse(json, new System.Text.Json.JsonDocumentOptions { MaxDepth = 16 });
            }
            catch (System.Text.Json.JsonException ex)
            {
                // JsonException's message quotes no input, but its position says where the text stopped being JSON.
                throw CredentialErrors.Invalid(
                    "The credential text is not JSON (line " + (ex.LineNumber + 1) + ", position " + (ex.BytePositionInLine + 1) + ").",
                    "Pass the AWS CLI output as an object (aws sts assume-role ... | ConvertFrom-Json), or the whole JSON text.");
            }

            using (document)
            {
                if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object)
                {
                    throw CredentialErrors.Invalid(
                        "The credential text is JSON, but a " + document.RootElement.ValueKind + " rather than an object.",
                        "Pass the AWS CLI 'assume-role' JSON or an object with AccessKeyId, SecretAccessKey and SessionToken.");
                }

                return Create(JsonObject(document.RootElement), containerDescription ?? "JSON text", CredentialSource.Object, clock);
            }
        }

        /// <summary>A credential from explicit inputs (AccessKeyId, SecretAccessKey, SessionToken).</summary>
        public static AwsCredential FromParameters(string? accessKeyId, object? secretAccessKey, object? sessionToken, ISystemClock? clock = null)
        {
            // Checked here first so that the messages name the parameters, not the dictionary keys used below.
            if (string.IsNullOrWhiteSpace(accessKeyId))
            {
                throw CredentialErrors.Invalid("{@AccessKeyId} is empty.", "Give the access key id with {@AccessKeyId}.");
            }

            if (string.IsNullOrWhiteSpace(SecretText.IsSupported(secretAccessKey) ? SecretText.Read(secretAccessKey) : "?"))
            {
                throw CredentialErrors.Invalid("{@SecretAccessKey} is empty.", "Give the secret access key with {@SecretAccessKey} (a SecureString or a string).");
            }

            var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
            {
                ["AccessKeyId"] = accessKeyId,
                ["SecretAccessKey"] = secretAccessKey,
                ["SessionToken"] = sessionToken,
            };
            return Create(values, "given as parameters", CredentialSource.Parameters, clock);
        }

        private static Dictionary<string, object?> JsonObject(System.Text.Json.JsonElement element)
        {
            var properties = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in element.EnumerateObject())
            {
                object? value;
                switch (property.Value.ValueKind)
                {
                    case System.Text.Json.JsonValueKind.Object:
                        value = JsonObject(property.Value);
                        break;
                    case System.Text.Json.JsonValueKind.String:
                        value = property.Value.GetString();
                        break;
                    case System.Text.Json.JsonValueKind.Null:
                    case System.Text.Json.JsonValueKind.Undefined:
                        value = null;
                        break;
                    default:
                        // Numbers, booleans, arrays: kept as their JSON text (Version: 1, PackedPolicySize...).
                        value = property.Value.GetRawText();
                        break;
                }

                if (!properties.ContainsKey(property.Name))
                {
                    properties[property.Name] = value;
                }
            }

            return properties;
        }

        private static KeyNames? FindShape(IReadOnlyDictionary<string, object?> properties)
        {
            foreach (var shape in Shapes)
            {
                if (properties.ContainsKey(shape.AccessKeyId))
                {
                    return shape;
                }
            }

            // A secret without its key id is still this shape: report the missing id rather than "not a credential".
            return Shapes.FirstOrDefault(s => s.Secret.Any(properties.ContainsKey));
        }

        private static string ReadAccessKeyId(IReadOnlyDictionary<string, object?> properties, string name, string prefix, string what)
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

        private static string? ReadSecret(IReadOnlyDictionary<string, object?> properties, string[] names, string prefix, string what, bool required, bool upperCase)
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

        private static DateTime? ReadExpiration(IReadOnlyDictionary<string, object?> properties, string[] names, string prefix, string what)
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

        private static string? ReadText(IReadOnlyDictionary<string, object?> properties, string[] names)
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

        private static object? Get(IReadOnlyDictionary<string, object?> properties, string name) =>
            properties.TryGetValue(name, out var value) ? value : null;

        private static IReadOnlyDictionary<string, object?> CaseInsensitive(IReadOnlyDictionary<string, object?> properties)
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

        private static IReadOnlyDictionary<string, object?>? AsDictionary(object? value)
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

        private static CrossAcctApiException NotACredential(string what, IEnumerable<string> names)
        {
            return CredentialErrors.Invalid(
                what + " is not a credential: it has none of AccessKeyId, AccessKey, aws_access_key_id or Credentials. Properties seen: " + CredentialErrors.DescribeNames(names) + ".",
                "Pass the module's credential (from {@AssumeRoleCommand}), the AWS CLI 'assume-role' JSON (ConvertFrom-Json) or its .Credentials, AWS.Tools Use-STSRole output, or a hashtable with AccessKeyId, SecretAccessKey and SessionToken.");
        }

        private sealed class KeyNames
        {
            public KeyNames(string accessKeyId, string[] secret, string[] token, string[] expiration)
            {
                AccessKeyId = accessKeyId;
                Secret = secret;
                Token = token;
                Expiration = expiration;
            }

            public string AccessKeyId { get; }

            public string[] Secret { get; }

            public string[] Token { get; }

            public string[] Expiration { get; }

            /// <summary>True when the object spelled the access key name in capitals (environment-variable style).</summary>
            public bool IsUpperCase(IReadOnlyDictionary<string, object?> properties)
            {
                var spelled = Spelled(properties, AccessKeyId);
                return spelled == spelled.ToUpperInvariant() && spelled != spelled.ToLowerInvariant();
            }

            /// <summary>The names as the object spelled them (AWS_ACCESS_KEY_ID or aws_access_key_id), for the source description.</summary>
            public string Describe(IReadOnlyDictionary<string, object?> properties)
            {
                var names = new List<string> { Spelled(properties, AccessKeyId), Spelled(properties, Secret[0]) };
                var token = Token.FirstOrDefault(properties.ContainsKey);
                if (token != null)
                {
                    names.Add(Spelled(properties, token));
                }

                return string.Join("/", names);
            }

            private static string Spelled(IReadOnlyDictionary<string, object?> properties, string name) =>
                properties.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) ?? name;
        }
    }
}

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
            var top = CredentialFields.CaseInsensitive(properties);
            var keySource = top;
            var prefix = string.Empty;
            var shape = FindShape(top);
            if (shape is null && CredentialFields.AsDictionary(CredentialFields.Get(top, NestedCredentials)) is IReadOnlyDictionary<string, object?> nested)
            {
                // The whole AWS CLI / Use-STSRole answer: the keys are one level down.
                keySource = CredentialFields.CaseInsensitive(nested);
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

            var accessKeyId = CredentialFields.ReadAccessKeyId(keySource, shape.AccessKeyId, prefix, what);
            var upperCase = shape.IsUpperCase(keySource);
            var secret = CredentialFields.ReadSecret(keySource, shape.Secret, prefix, what, required: true, upperCase)!;
            var token = CredentialFields.ReadSecret(keySource, shape.Token, prefix, what, required: false, upperCase);
            var expiration = CredentialFields.ReadExpiration(keySource, shape.Expiration, prefix, what);

            var roleUser = CredentialFields.AsDictionary(CredentialFields.Get(top, NestedAssumedRoleUser)) is IReadOnlyDictionary<string, object?> user ? CredentialFields.CaseInsensitive(user) : null;
            var identity = new CredentialIdentity(
                roleArn: CredentialFields.ReadText(top, RoleArnNames),
                assumedRoleArn: CredentialFields.ReadText(top, AssumedRoleArnNames) ?? (roleUser is null ? null : CredentialFields.ReadText(roleUser, new[] { "Arn" })),
                assumedRoleId: CredentialFields.ReadText(top, AssumedRoleIdNames) ?? (roleUser is null ? null : CredentialFields.ReadText(roleUser, AssumedRoleIdNames)),
                sessionName: CredentialFields.ReadText(top, SessionNameNames),
                accountId: CredentialFields.ReadText(top, AccountIdNames) ?? CredentialFields.ReadText(keySource, AccountIdNames));

            var region = CredentialFields.ReadText(top, RegionNames);
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

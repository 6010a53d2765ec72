using System.Security;
using Amazon.Runtime;
using CrossAcctApi.Core.Credentials;
using Xunit;
using CrossAcctApi.Core.Requests;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Tests.Credentials;

public class CredentialShapeTests
{
    private static Dictionary<string, object?> Props(params (string Name, object? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Name, p => p.Value);

    private static void AssertKeys(AwsCredential credential, string? token = Secrets.SessionToken)
    {
        var keys = credential.GetKeys(DateTimeOffset.UtcNow.AddYears(-20));
        Assert.Equal(Secrets.AccessKeyId, keys.AccessKeyId);
        Assert.Equal(Secrets.SecretAccessKey, keys.SecretAccessKey);
        Assert.Equal(token, keys.SessionToken);
    }

    [Fact]
    public void AccessKeyId_SecretAccessKey_SessionToken_with_an_iso_expiration()
    {
        var credential = CredentialShape.Create(Props(
            ("AccessKeyId", Secrets.AccessKeyId),
            ("SecretAccessKey", Secrets.SecretAccessKey),
            ("SessionToken", Secrets.SessionToken),
            ("Expiration", "2019-11-01T20:26:47+02:00")), "hashtable");

        AssertKeys(credential);
        Assert.Equal(new DateTime(2019, 11, 1, 18, 26, 47, DateTimeKind.Utc), credential.Expiration);
        Assert.Equal(CredentialSource.Object, credential.Source);
        Assert.Equal("hashtable with AccessKeyId/SecretAccessKey/SessionToken", credential.SourceDescription);
    }

    [Fact]
    public void Property_names_are_case_insensitive()
    {
        var credential = CredentialShape.Create(Props(
            ("accesskeyid", Secrets.AccessKeyId),
            ("SECRETACCESSKEY", Secrets.SecretAccessKey),
            ("sessionToken", Secrets.SessionToken),
            ("EXPIRATION", new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.FromHours(1)))));

        AssertKeys(credential);
        Assert.Equal(new DateTime(2029, 12, 31, 23, 0, 0, DateTimeKind.Utc), credential.Expiration);
    }

    [Fact]
    public void The_whole_aws_cli_assume_role_answer()
    {
        // aws sts assume-role ... | ConvertFrom-Json: keys one level down, who in AssumedRoleUser.
        var cli = Props(
            ("Credentials", Props(
                ("AccessKeyId", Secrets.AccessKeyId),
                ("SecretAccessKey", Secrets.SecretAccessKey),
                ("SessionToken", Secrets.SessionToken),
                ("Expiration", "2030-11-01T20:26:47+00:00"))),
            ("AssumedRoleUser", Props(
                ("AssumedRoleId", "AROA3XFRBF535PLBIFPI4:s3-access-example"),
                ("Arn", "arn:aws:sts::123456789012:assumed-role/xaccounts3access/s3-access-example"))));

        var credential = CredentialShape.Create(cli, "PSCustomObject");

        AssertKeys(credential);
        Assert.Equal(new DateTime(2030, 11, 1, 20, 26, 47, DateTimeKind.Utc), credential.Expiration);
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/xaccounts3access/s3-access-example", credential.AssumedRoleArn);
        Assert.Equal("AROA3XFRBF535PLBIFPI4:s3-access-example", credential.AssumedRoleId);
        Assert.Equal("123456789012", credential.AccountId);
        Assert.Equal("s3-access-example", credential.SessionName);
        Assert.Equal("PSCustomObject with Credentials.AccessKeyId/SecretAccessKey/SessionToken", credential.SourceDescription);
    }

    [Fact]
    public void Use_STSRole_output_with_a_local_DateTime_and_a_non_generic_nested_dictionary()
    {
        // AWS.Tools hands back Amazon.SecurityToken.Model objects; the PowerShell layer turns them into dictionaries,
        // which may be Hashtables. Their Expiration is a DateTime in local time.
        var expiration = new DateTime(2030, 5, 6, 7, 8, 9, DateTimeKind.Local);
        var nested = new System.Collections.Hashtable
        {
            ["AccessKeyId"] = Secrets.AccessKeyId,
            ["SecretAccessKey"] = Secrets.SecretAccessKey,
            ["SessionToken"] = Secrets.SessionToken,
            ["Expiration"] = expiration,
        };
        var response = Props(("Credentials", nested), ("AssumedRoleUser", new System.Collections.Hashtable { ["Arn"] = "arn:aws:sts::210987654321:assumed-role/R/session" }), ("PackedPolicySize", 6));

        var credential = CredentialShape.Create(response);

        AssertKeys(credential);
        Assert.Equal(expiration.ToUniversalTime(), credential.Expiration);
        Assert.Equal("210987654321", credential.AccountId);
    }

    [Fact]
    public void The_aws_sdk_ImmutableCredentials_shape_read_from_a_real_instance()
    {
        var immutable = new ImmutableCredentials(Secrets.AccessKeyId, Secrets.SecretAccessKey, Secrets.SessionToken);
        var properties = typeof(ImmutableCredentials).GetProperties()
            .Where(p => p.GetIndexParameters().Length == 0)
            .ToDictionary(p => p.Name, p => p.GetValue(immutable));

        var credential = CredentialShape.Create(properties, "Amazon.Runtime.ImmutableCredentials");

        AssertKeys(credential);
        Assert.Contains("AccessKey/SecretKey/Token", credential.SourceDescription);
    }

    [Fact]
    public void Credentials_file_names()
    {
        var credential = CredentialShape.Create(Props(
            ("aws_access_key_id", Secrets.AccessKeyId),
            ("aws_secret_access_key", Secrets.SecretAccessKey),
            ("aws_session_token", Secrets.SessionToken),
            ("region", "eu-west-1")));

        AssertKeys(credential);
        Assert.Equal("eu-west-1", credential.Region);
    }

    [Fact]
    public void Environment_variable_names_and_the_older_security_token_name()
    {
        var credential = CredentialShape.Create(Props(
            ("AWS_ACCESS_KEY_ID", Secrets.AccessKeyId),
            ("AWS_SECRET_ACCESS_KEY", Secrets.SecretAccessKey),
            ("AWS_SECURITY_TOKEN", Secrets.SessionToken),
            ("AWS_CREDENTIAL_EXPIRATION", "2030-01-01T00:00:00Z")));

        AssertKeys(credential);
        Assert.Equal(new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), credential.Expiration);
        Assert.Contains("AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SECURITY_TOKEN", credential.SourceDescription);
    }

    [Fact]
    public void Long_term_keys_have_no_token_and_no_expiry()
    {
        var credential = CredentialShape.Create(Props(("AccessKeyId", Secrets.AccessKeyId), ("SecretAccessKey", Secrets.SecretAccessKey), ("SessionToken", "")));

        AssertKeys(credential, token: null);
        Assert.Null(credential.Expiration);
        Assert.False(credential.HasSessionToken);
    }

    [Fact]
    public void Secrets_may_be_SecureStrings()
    {
        static SecureString Secure(string text)
        {
            var secure = new SecureString();
            foreach (var c in text)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }

        var credential = CredentialShape.Create(Props(("AccessKeyId", Secrets.AccessKeyId), ("SecretAccessKey", Secure(Secrets.SecretAccessKey)), ("SessionToken", Secure(Secrets.SessionToken))));

        AssertKeys(credential);
    }

    [Fact]
    public void Identity_properties_are_read_when_present()
    {
        var credential = CredentialShape.Create(Props(
            ("AccessKeyId", Secrets.AccessKeyId),
            ("SecretAccessKey", Secrets.SecretAccessKey),
            ("RoleArn", "arn:aws:iam::111122223333:role/ops/Invoker"),
            ("RoleSessionName", "me"),
            ("AccountId", "111122223333")));

        Assert.Equal("arn:aws:iam::111122223333:role/ops/Invoker", credential.RoleArn);
        Assert.Equal("me", credential.SessionName);
        Assert.Equal("111122223333", credential.AccountId);
    }

    [Fact]
    public void A_missing_secret_names_the_properties_seen_but_no_values()
    {
        var error = Assert.Throws<CrossAcctApiException>(() => CredentialShape.Create(Props(
            ("AccessKeyId", Secrets.AccessKeyId),
            ("SessionToken", Secrets.SessionToken),
            ("Note", "hello"))));

        Assert.Equal(CredentialErrors.InvalidCredential, error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.Contains("no SecretAccessKey", error.Message);
        Assert.Contains("AccessKeyId, SessionToken, Note", error.Message);
        Assert.DoesNotContain(Secrets.SessionToken, error.Message);
        Assert.DoesNotContain("hello", error.Message);
        Assert.NotNull(error.RecommendedAction);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void An_empty_secret_is_refused(string? secret)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => CredentialShape.Create(Props(("AccessKeyId", Secrets.AccessKeyId), ("SecretAccessKey", secret))));

        Assert.Equal(CredentialErrors.InvalidCredential, error.ErrorId);
        Assert.Contains("an empty SecretAccessKey", error.Message);
    }

    [Fact]
    public void A_secret_of_the_wrong_type_is_named_by_type_only()
    {
        var error = Assert.Throws<CrossAcctApiException>(() => CredentialShape.Create(Props(("AccessKeyId", Secrets.AccessKeyId), ("SecretAccessKey", 12345678901))));

        Assert.Equal(CredentialErrors.InvalidCredential, error.ErrorId);
        Assert.Contains("System.Int64", error.Message);
        Assert.DoesNotContain("12345678901", error.Message);
    }

    [Fact]
    public void An_object_that_is_no_credential_lists_what_it_has()
    {
        var error = Assert.Throws<CrossAcctApiException>(() => CredentialShape.Create(Props(("Uri", "https://x"), ("Method", "GET")), "PSCustomObject"));

        Assert.Equal(CredentialErrors.InvalidCredential, error.ErrorId);
        Assert.Contains("The credential PSCustomObject is not a credential", error.Message);
        Assert.Contains("Properties seen: Uri, Method.", error.Message);
    }

    [Fact]
    public void A_nested_Credentials_that_is_no_credential_says_so()
    {
        var error = Assert.Throws<CrossAcctApiException>(() => CredentialShape.Create(Props(("Credentials", Props(("User", "x"))))));

        Assert.Contains("Credentials property is not a credential", error.Message);
        Assert.Contains("User", error.Message);
    }

    [Fact]
    public void A_secret_without_its_key_id_asks_for_the_key_id()
    {
        var error = Assert.Throws<CrossAcctApiException>(() => CredentialShape.Create(Props(("SecretKey", Secrets.SecretAccessKey))));

        Assert.Contains("no AccessKey value", error.Message);
        Assert.DoesNotContain(Secrets.SecretAccessKey, error.Message);
    }

    [Theory]
    [InlineData("AKIA WITH SPACE")]
    [InlineData("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("AKIA\r\nInjected")]
    public void A_malformed_access_key_id_is_refused_without_echoing_it(string id)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => CredentialShape.Create(Props(("AccessKeyId", id), ("SecretAccessKey", Secrets.SecretAccessKey))));

        Assert.Equal(CredentialErrors.InvalidCredential, error.ErrorId);
        Assert.DoesNotContain(id, error.Message);
        Assert.Contains("swapped", error.RecommendedAction);
    }

    [Theory]
    [InlineData("tomorrow")]
    [InlineData(42)]
    public void An_unreadable_expiration_is_refused(object expiration)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => CredentialShape.Create(Props(("AccessKeyId", Secrets.AccessKeyId), ("SecretAccessKey", Secrets.SecretAccessKey), ("Expiration", expiration))));

        Assert.Equal(CredentialErrors.InvalidCredential, error.ErrorId);
        Assert.Contains("is not a date", error.Message);
    }

    [Fact]
    public void An_ill_formed_region_is_an_InvalidRegion_error()
    {
        var error = Assert.Throws<CrossAcctApiException>(() => CredentialShape.Create(Props(("AccessKeyId", Secrets.AccessKeyId), ("SecretAccessKey", Secrets.SecretAccessKey), ("Region", "moon"))));

        Assert.Equal(AwsRegion.InvalidRegion, error.ErrorId);
    }

    [Fact]
    public void TryCreate_reports_instead_of_throwing()
    {
        Assert.False(CredentialShape.TryCreate(Props(("x", 1)), out var none, out var error));
        Assert.Null(none);
        Assert.Equal(CredentialErrors.InvalidCredential, error!.ErrorId);

        Assert.True(CredentialShape.TryCreate(Props(("AccessKey", Secrets.AccessKeyId), ("SecretKey", Secrets.SecretAccessKey)), out var credential, out var noError));
        Assert.Null(noError);
        Assert.Equal(Secrets.AccessKeyId, credential!.AccessKeyId);
    }

    [Theory]
    [InlineData(true, "AccessKeyId")]
    [InlineData(true, "secretkey")]
    [InlineData(true, "AWS_ACCESS_KEY_ID")]
    [InlineData(true, "Credentials")]
    [InlineData(false, "Uri", "Method")]
    [InlineData(false)]
    public void LooksLikeCredential_tells_credentials_from_other_objects(bool expected, params string[] names)
    {
        Assert.Equal(expected, CredentialShape.LooksLikeCredential(names));
    }

    [Fact]
    public void FromEnvironment_is_null_when_nothing_is_set()
    {
        Assert.Null(CredentialShape.FromEnvironment(_ => null));
        Assert.Null(CredentialShape.FromEnvironment(_ => ""));
    }

    [Fact]
    public void FromEnvironment_reads_the_variables()
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = Secrets.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = Secrets.SecretAccessKey,
            ["AWS_SESSION_TOKEN"] = Secrets.SessionToken,
        };

        var credential = CredentialShape.FromEnvironment(name => environment.GetValueOrDefault(name))!;

        AssertKeys(credential);
        Assert.Equal(CredentialSource.Environment, credential.Source);
        Assert.Equal("environment variables", credential.SourceDescription);
    }

    [Fact]
    public void FromEnvironment_with_half_a_credential_names_the_missing_variable()
    {
        var error = Assert.Throws<CrossAcctApiException>(() => CredentialShape.FromEnvironment(name => name == "AWS_ACCESS_KEY_ID" ? Secrets.AccessKeyId : null));

        Assert.Equal(CredentialErrors.InvalidCredential, error.ErrorId);
        Assert.Contains("environment variables has no AWS_SECRET_ACCESS_KEY", error.Message);
    }

    [Fact]
    public void FromParameters_names_the_parameters_in_its_errors()
    {
        var credential = CredentialShape.FromParameters(Secrets.AccessKeyId, Secrets.SecretAccessKey, Secrets.SessionToken);
        AssertKeys(credential);
        Assert.Equal(CredentialSource.Parameters, credential.Source);

        var error = Assert.Throws<CrossAcctApiException>(() => CredentialShape.FromParameters(Secrets.AccessKeyId, new SecureString(), null));
        Assert.Equal("{@SecretAccessKey} is empty.", error.MessageTemplate);
        Assert.Equal("The SecretAccessKey setting is empty.", error.Message);
        error.UsePhrasing(new DashPhrasing());
        Assert.Equal("-SecretAccessKey is empty.", error.Message);
    }

    [Fact]
    public void The_aws_cli_json_text_as_printed()
    {
        var json = """
            {
                "Credentials": {
                    "AccessKeyId": "ASIAIOSFODNN7EXAMPLE",
                    "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                    "SessionToken": "IQoJb3JpZ2luX2VjEXAMPLEtokenValue/With+Symbols==",
                    "Expiration": "2030-11-01T20:26:47+00:00"
                },
                "AssumedRoleUser": {
                    "AssumedRoleId": "AROA3XFRBF535PLBIFPI4:s3-access-example",
                    "Arn": "arn:aws:sts::123456789012:assumed-role/xaccounts3access/s3-access-example"
                },
                "PackedPolicySize": 6
            }
            """;

        var credential = CredentialShape.FromJson(json);

        AssertKeys(credential);
        Assert.Equal("123456789012", credential.AccountId);
        Assert.Equal(new DateTime(2030, 11, 1, 20, 26, 47, DateTimeKind.Utc), credential.Expiration);
    }

    [Theory]
    [InlineData("{\"AccessKeyId\": \"AKID\", \"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"")]
    [InlineData("[\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"]")]
    [InlineData("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    public void Text_that_is_not_a_json_object_is_refused_without_quoting_it(string text)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => CredentialShape.FromJson(text));

        Assert.Equal(CredentialErrors.InvalidCredential, error.ErrorId);
        Assert.DoesNotContain(Secrets.SecretAccessKey, error.Message);
    }
}

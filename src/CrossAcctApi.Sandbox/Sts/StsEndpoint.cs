using System.Text;
using System.Xml;
using CrossAcctApi.Sandbox.Hosting;
using CrossAcctApi.Sandbox.Iam.Arns;
using CrossAcctApi.Sandbox.Identity;
using CrossAcctApi.Sandbox.Signing;

namespace CrossAcctApi.Sandbox.Sts;

/// <summary>
/// The STS endpoint (<c>POST /</c> or <c>GET /?Action=...</c>, AWS Query protocol, version 2011-06-15):
/// throttling fault, SigV4 for service <c>sts</c>, then AssumeRole or GetCallerIdentity.
/// </summary>
internal sealed class StsEndpoint
{
    public const string ApiVersion = "2011-06-15";
    public const string SuccessOutcome = "Success";

    private readonly SandboxState _state;
    private readonly AssumeRoleOperation _assumeRole;
    private readonly SigningScope _scope = new("sts", AwsNames.IsRegionName);

    public StsEndpoint(SandboxState state)
    {
        _state = state;
        _assumeRole = new AssumeRoleOperation(state.Directory, state.Sessions, state.Clock);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        await _state.DelayAsync(context.RequestAborted).ConfigureAwait(false);
        var request = await ReceivedRequest.FromHttpContextAsync(context, context.RequestAborted).ConfigureAwait(false);
        var parameters = new StsParameters(ReadParameters(request));
        var action = parameters["Action"] ?? string.Empty;

        var (statusCode, body, outcome) = Handle(request, parameters, action, requestId, context.Connection.RemoteIpAddress?.ToString());
        _state.Stats.Sts.Record(string.IsNullOrEmpty(action) ? "(none)" : action, outcome);

        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/xml";
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        await context.Response.WriteAsync(body, Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
    }

    private (int StatusCode, string Body, string Outcome) Handle(ReceivedRequest request, StsParameters parameters, string action, string requestId, string? sourceIp)
    {
        (int, string, string) Error(StsError error) => (error.StatusCode, StsXml.Error(error, requestId), error.Code);

        if (_state.Faults.TryConsumeStsThrottle()) return Error(StsError.ThrottlingError());

        var authentication = _state.Authenticator.Authenticate(request, _scope);
        if (!authentication.Succeeded) return Error(AuthenticationError(authentication));
        var caller = authentication.Caller!;

        var version = parameters["Version"];
        if (version != null && version != ApiVersion) return Error(new StsError(400, StsError.InvalidAction, $"Could not find operation {action} for version {version}"));

        switch (action)
        {
            case "GetCallerIdentity":
                return (200, GetCallerIdentityXml(caller, requestId), SuccessOutcome);
            case "AssumeRole":
                var input = AssumeRoleInput.Read(parameters, out var validationError);
                if (input == null) return Error(validationError!);
                var result = _assumeRole.Execute(caller, input, sourceIp);
                return result.Error != null ? Error(result.Error) : (200, AssumeRoleXml(result, requestId), SuccessOutcome);
            default:
                return Error(new StsError(400, StsError.InvalidAction, $"Could not find operation {action} for version {version ?? ApiVersion}"));
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> ReadParameters(ReceivedRequest request)
    {
        var parameters = request.QueryParameters().ToList();
        var contentType = request.SingleHeader("Content-Type") ?? string.Empty;
        if (request.Method == "POST" && contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            parameters.AddRange(FormEncoding.ParseForm(Encoding.UTF8.GetString(request.Body)));
        }

        return parameters;
    }

    private static StsError AuthenticationError(AuthenticationResult result) => result.Failure switch
    {
        AuthenticationFailure.MissingAuthentication => new StsError(403, StsError.MissingAuthenticationToken, "Request is missing Authentication Token"),
        AuthenticationFailure.IncompleteSignature => new StsError(400, StsError.IncompleteSignature, result.Message!),
        AuthenticationFailure.InvalidScope => new StsError(403, StsError.SignatureDoesNotMatch, result.Message!),
        AuthenticationFailure.SignatureExpired => new StsError(403, StsError.SignatureDoesNotMatch, result.Message!),
        AuthenticationFailure.InvalidClientToken => new StsError(403, StsError.InvalidClientTokenId, "The security token included in the request is invalid."),
        AuthenticationFailure.ExpiredToken => new StsError(400, StsError.ExpiredToken, "The security token included in the request is expired"),
        AuthenticationFailure.SignatureMismatch => new StsError(403, StsError.SignatureDoesNotMatch, SignatureMismatchMessage(result.Check!)),
        _ => throw new InvalidOperationException($"No STS error for {result.Failure}."),
    };

    private static string SignatureMismatchMessage(SignatureCheck check) =>
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
        + "\n\nThe Canonical String for this request should have been\n'" + check.CanonicalRequest + "'\n\nThe String-to-Sign should have been\n'" + check.StringToSign + "'\n";

    private static string GetCallerIdentityXml(Caller caller, string requestId) =>
        StsXml.Response("GetCallerIdentity", requestId, writer =>
        {
            writer.WriteElementString("Arn", StsXml.Namespace, caller.Arn);
            writer.WriteElementString("UserId", StsXml.Namespace, caller.UserId);
            writer.WriteElementString("Account", StsXml.Namespace, caller.AccountId);
        });

    private static string AssumeRoleXml(AssumeRoleResult result, string requestId)
    {
        var session = result.Session!;
        return StsXml.Response("AssumeRole", requestId, writer =>
        {
            if (session.SourceIdentity != null) writer.WriteElementString("SourceIdentity", StsXml.Namespace, session.SourceIdentity);
            writer.WriteStartElement("AssumedRoleUser", StsXml.Namespace);
            writer.WriteElementString("AssumedRoleId", StsXml.Namespace, session.AssumedRoleId);
            writer.WriteElementString("Arn", StsXml.Namespace, session.AssumedRoleArn);
            writer.WriteEndElement();
            writer.WriteStartElement("Credentials", StsXml.Namespace);
            writer.WriteElementString("AccessKeyId", StsXml.Namespace, session.AccessKeyId);
            writer.WriteElementString("SecretAccessKey", StsXml.Namespace, session.SecretAccessKey);
            writer.WriteElementString("SessionToken", StsXml.Namespace, session.SessionToken);
            writer.WriteElementString("Expiration", StsXml.Namespace, StsXml.Timestamp(session.Expiration));
            writer.WriteEndElement();
            if (result.PackedPolicySize is { } packed) writer.WriteElementString("PackedPolicySize", StsXml.Namespace, packed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
    }
}

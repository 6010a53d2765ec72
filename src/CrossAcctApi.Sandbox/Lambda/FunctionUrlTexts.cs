using CrossAcctApi.Sandbox.ExecuteApi;
using CrossAcctApi.Sandbox.Signing;

namespace CrossAcctApi.Sandbox.Lambda;

/// <summary>
/// What a Lambda function URL answers when it refuses a call. docs/sandbox-endpoints.md lists the sources; in short:
/// <list type="bullet">
/// <item>authorization refused (either action, either auth type): 403, <c>x-amzn-ErrorType: AccessDeniedException</c>,
/// <c>{"Message":"Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"}</c>
/// (captured in awsdocs/aws-lambda-developer-guide#494 and many public reports, for AWS_IAM and NONE URLs);</item>
/// <item>signature mismatch: InvalidSignatureException with the bare message and no canonical request (captured for a function URL in
/// RJPearson94/terraform-aws-open-next#48; the same 192-byte body as Lambda's API answers in erlcloud/erlcloud#690);</item>
/// <item>unknown key: "The security token included in the request is invalid." (captured in jamesmbourne/aws4-axios#1553).</item>
/// </list>
/// Best guesses, said so in the docs: an unsigned call to an AWS_IAM URL (the same Forbidden answer), the exception types
/// and the lower-case "message" of the authentication failures, and the expired-token, scope and clock texts (IAM's common wording).
/// </summary>
internal static class FunctionUrlTexts
{
    public const string InvokeFunctionUrl = "lambda:InvokeFunctionUrl";
    public const string InvokeFunction = "lambda:InvokeFunction";
    public const string Service = "lambda";

    public const string Forbidden =
        "Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html";

    private const string SignatureMismatch =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    /// <param name="outcome">The stats bucket, which says what the answer hides: the action that was refused.</param>
    public static ApiGatewayResponse AccessDenied(string outcome) =>
        ApiGatewayResponse.Error(403, outcome, "AccessDeniedException", Forbidden, ApiGatewayResponse.CapitalMessage);

    /// <summary>The sandbox's own answer to an unknown URL id (on AWS its host name would not resolve).</summary>
    public static ApiGatewayResponse NotFound() => ApiGatewayResponse.Error(404, "NotFound", null, "Not Found");

    /// <summary>
    /// Lambda's answer to a request SigV4 did not authenticate: no signature is the Forbidden of any refusal, a mismatch has
    /// no canonical request; the rest as API Gateway words them (the same IAM authentication texts; the types a best guess).
    /// </summary>
    public static ApiGatewayResponse AuthenticationError(AuthenticationResult result) => result.Failure switch
    {
        AuthenticationFailure.MissingAuthentication => AccessDenied("MissingAuthenticationToken"),
        AuthenticationFailure.SignatureMismatch => ApiGatewayResponse.Error(403, "SignatureDoesNotMatch", "InvalidSignatureException", SignatureMismatch),
        _ => ExecuteApiEndpoint.AuthenticationError(result),
    };
}

using CrossAcctApi.Core.Arns;
using CrossAcctApi.Core.Policy.Generator;

namespace CrossAcctApi.Core.Http
{
    /// <summary>
    /// A Lambda function URL's 403 AccessDeniedException. Lambda's answer is the same whichever permission is missing
    /// ("Forbidden. For troubleshooting Function URL authorization issues, see ... urls-auth.html"), so the diagnosis
    /// names both, and leads with <c>lambda:InvokeFunction</c>: since October 2025 a function URL needs it besides
    /// <c>lambda:InvokeFunctionUrl</c>, and the exception for older URLs ended on 1 November 2026, so policies written
    /// for the old rule - <c>lambda:InvokeFunctionUrl</c> alone - are refused now.
    /// </summary>
    internal static class FunctionUrlDiagnosis
    {
        public static ApiErrorDiagnosis NotAuthorized(ApiResponse response, GatewayError error)
        {
            var call = response.Call;
            var facts = response.Facts;
            var function = response.InvokeArn ?? "arn:" + call.Scope.Partition + ":lambda:" + call.Scope.Region + ":<account>:function:<name>";
            var caller = CallerPrincipal(facts);
            var functionAccount = Arn.TryParse(function, out var parsed) && Arn.IsAccountId(parsed!.AccountId) ? parsed.AccountId : null;
            var crossAccount = functionAccount != null && facts.CredentialAccountId != null && functionAccount != facts.CredentialAccountId;

            var summary = ApiErrorDiagnoser.Status(response) + " for " + ApiErrorDiagnoser.Request(call) + ": Lambda refused the function URL call"
                + (error.Message is null ? "." : " (\"" + error.Message + "\").")
                + " Lambda gives this answer whether lambda:InvokeFunction or lambda:InvokeFunctionUrl is missing; since October 2025 a function URL needs both"
                + " (the exception for older URLs ended on 1 November 2026), so a function policy that allows only lambda:InvokeFunctionUrl is refused for lack of lambda:InvokeFunction.";
            if (response.InvokeArn is null)
            {
                summary += " The function is not known from the URL: give {@FunctionArn} to see its ARN in the statements.";
            }

            var missing = EndpointStatements.Document(
                EndpointStatements.InvokeFunctionViaUrl(caller, function),
                EndpointStatements.InvokeFunctionUrl(caller, function));
            var action = "Add to the function's resource policy the lambda:InvokeFunction statement (usually the missing one) and, if absent, the lambda:InvokeFunctionUrl statement:\n"
                + missing
                + "\n(aws lambda add-permission --function-name " + FunctionName(function) + " --statement-id InvokeFunctionViaUrl --action lambda:InvokeFunction --principal " + caller
                + " --invoked-via-function-url)";
            if (crossAccount || functionAccount is null)
            {
                action += "\nAcross accounts the caller's own identity policy must allow both actions too:\n"
                    + EndpointStatements.Document(new System.Collections.Generic.List<StatementSpec>(EndpointStatements.CallerFunctionUrl(function)).ToArray());
            }

            return new ApiErrorDiagnosis(ApiErrorIds.FunctionUrlNotAuthorized, FailureKind.PermissionDenied, summary, action)
            {
                InvokeArn = response.InvokeArn,
                CallerArn = facts.CredentialRoleArn,
            };
        }

        /// <summary>The principal to name: the caller's role, else its account (a user's ARN is not in the facts).</summary>
        private static string CallerPrincipal(CallFacts facts) =>
            facts.CredentialRoleArn ?? (facts.CredentialAccountId != null ? "arn:aws:iam::" + facts.CredentialAccountId + ":root" : "<caller's role or user ARN>");

        private static string FunctionName(string functionArn)
        {
            var at = functionArn.LastIndexOf(":function:", System.StringComparison.Ordinal);
            return at < 0 ? "<function>" : functionArn.Substring(at + ":function:".Length);
        }
    }
}

using System.Collections.Generic;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Policy.Generator
{
    /// <summary>
    /// The statements each endpoint kind's direct route needs, written in one place for the generator and for the
    /// diagnosis of a refusal (which prints the statement that is missing).
    /// </summary>
    internal static class EndpointStatements
    {
        public const string FunctionUrlAuthTypeKey = "lambda:FunctionUrlAuthType";
        public const string InvokedViaFunctionUrlKey = "lambda:InvokedViaFunctionUrl";
        public const string SourceVpceKey = "aws:SourceVpce";
        public const string SourceVpcKey = "aws:SourceVpc";

        /// <summary>
        /// The function policy statement for <c>lambda:InvokeFunctionUrl</c>, conditioned on the URL's auth type as the
        /// Lambda console writes it (Lambda Developer Guide, urls-auth).
        /// </summary>
        public static StatementSpec InvokeFunctionUrl(string principal, string functionArn) =>
            new StatementSpec("InvokeFunctionUrl", PolicyEffect.Allow, EndpointKinds.InvokeFunctionUrl)
            {
                AwsPrincipal = principal,
                Resources = { functionArn },
            }.AddCondition("StringEquals", FunctionUrlAuthTypeKey, "AWS_IAM");

        /// <summary>
        /// The function policy statement for <c>lambda:InvokeFunction</c>, which function URLs need since October 2025,
        /// limited to calls through the URL (<c>lambda:InvokedViaFunctionUrl</c>), so it does not open the Invoke API.
        /// </summary>
        public static StatementSpec InvokeFunctionViaUrl(string principal, string functionArn) =>
            new StatementSpec("InvokeFunctionViaUrl", PolicyEffect.Allow, EndpointKinds.InvokeFunction)
            {
                AwsPrincipal = principal,
                Resources = { functionArn },
            }.AddCondition("Bool", InvokedViaFunctionUrlKey, "true");

        /// <summary>The caller's identity policy statements for a function URL: both actions on the function.</summary>
        public static IEnumerable<StatementSpec> CallerFunctionUrl(string functionArn)
        {
            yield return new StatementSpec("CallFunctionUrl", PolicyEffect.Allow, EndpointKinds.InvokeFunctionUrl) { Resources = { functionArn } };
            yield return new StatementSpec("InvokeFunctionThroughUrl", PolicyEffect.Allow, EndpointKinds.InvokeFunction) { Resources = { functionArn } }
                .AddCondition("Bool", InvokedViaFunctionUrlKey, "true");
        }

        /// <summary>
        /// The REST API resource policy statement naming <paramref name="principal"/>; for a private API limited to the
        /// VPC endpoint (<c>aws:SourceVpce</c>) or the VPC (<c>aws:SourceVpc</c>) the calls come through.
        /// </summary>
        public static StatementSpec RestResourcePolicy(string principal, IEnumerable<string> invokeArns, string? vpcEndpointId, string? vpcId)
        {
            var statement = new StatementSpec("InvokeFromCallerAccount", PolicyEffect.Allow, EndpointKinds.ExecuteApiInvoke) { AwsPrincipal = principal };
            statement.Resources.AddRange(invokeArns);
            if (vpcEndpointId != null)
            {
                statement.AddCondition("StringEquals", SourceVpceKey, vpcEndpointId);
            }

            if (vpcId != null)
            {
                statement.AddCondition("StringEquals", SourceVpcKey, vpcId);
            }

            return statement;
        }

        /// <summary>The caller's identity policy statement for a REST API's direct route.</summary>
        public static StatementSpec CallerRestApi(IEnumerable<string> invokeArns)
        {
            var statement = new StatementSpec("InvokeRestApiDirectly", PolicyEffect.Allow, EndpointKinds.ExecuteApiInvoke);
            statement.Resources.AddRange(invokeArns);
            return statement;
        }

        /// <summary>One statement as a policy document, for a diagnosis to print.</summary>
        public static string Document(params StatementSpec[] statements) => PolicyJsonWriter.Write(statements);
    }
}

namespace CrossAcctApi.Core.Requests
{
    /// <summary>
    /// The kinds of IAM-authorised endpoint the module calls. Each has its own signing service, the ARN IAM authorises the
    /// call on, and its own rules for who may call across accounts.
    /// </summary>
    public enum EndpointKind : long
    {
        /// <summary>An API Gateway HTTP API: <c>execute-api:Invoke</c>, no resource policy, so account B needs a role in account A.</summary>
        HttpApi,

        /// <summary>An API Gateway REST API (edge or regional): <c>execute-api:Invoke</c>; its resource policy may let account B in directly. Always has a stage.</summary>
        RestApi,

        /// <summary>A private REST API, reached through an interface VPC endpoint; its resource policy must allow the endpoint or VPC.</summary>
        PrivateRestApi,

        /// <summary>A Lambda function URL with <c>AWS_IAM</c> auth: signed for <c>lambda</c>, authorised on the function ARN for <c>lambda:InvokeFunctionUrl</c> and <c>lambda:InvokeFunction</c>.</summary>
        FunctionUrl,
    }

    /// <summary>What each kind signs for and is authorised with.</summary>
    public static class EndpointKinds
    {
        public const string LambdaService = "lambda";

        public const string InvokeFunctionUrl = "lambda:InvokeFunctionUrl";

        public const string InvokeFunction = "lambda:InvokeFunction";

        public const string ExecuteApiInvoke = "execute-api:Invoke";

        /// <summary>The SigV4 service of <paramref name="kind"/>.</summary>
        public static string Service(EndpointKind kind) => kind == EndpointKind.FunctionUrl ? LambdaService : SigningScope.ExecuteApiService;

        /// <summary>The IAM actions a call must be allowed, in the order AWS checks them.</summary>
        public static string[] Actions(EndpointKind kind) =>
            kind == EndpointKind.FunctionUrl ? new[] { InvokeFunctionUrl, InvokeFunction } : new[] { ExecuteApiInvoke };

        /// <summary>True for the kinds whose resource policy can let another account in without a role.</summary>
        public static bool HasResourcePolicy(EndpointKind kind) => kind != EndpointKind.HttpApi;

        /// <summary>True for the API Gateway kinds (which have stages and invoke ARNs).</summary>
        public static bool IsApiGateway(EndpointKind kind) => kind != EndpointKind.FunctionUrl;

        /// <summary>True for REST kinds: a stage is always the first path segment, there is no <c>$default</c>.</summary>
        public static bool IsRest(EndpointKind kind) => kind == EndpointKind.RestApi || kind == EndpointKind.PrivateRestApi;
    }
}

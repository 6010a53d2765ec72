using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Requests
{
    /// <summary>The endpoint kinds' part of the one URL reading: REST stages, VPC endpoint forms, function URLs and their function ARN.</summary>
    public sealed partial class ApiTarget
    {
        /// <summary>The sandbox's path prefix for a VPC endpoint's own name (the API id then travels in a header).</summary>
        public const string EmulatorVpcEndpointPrefix = "/_aws/vpce/";

        /// <summary>The sandbox's path prefix for function URLs.</summary>
        public const string EmulatorFunctionUrlPrefix = "/_aws/lambda-url/";

        // Lambda: function names are 1-64 of letters, digits, '-' and '_'; an ARN may carry a version or alias qualifier.
        private static readonly Regex FunctionName = new Regex(@"^[A-Za-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant);
        private static readonly Regex FunctionArnPattern = new Regex(
            @"^arn:(?<partition>aws[a-z-]*):lambda:(?<region>[a-z0-9-]+):(?<account>\d{12}):function:(?<name>[A-Za-z0-9_-]{1,64})(:(?<qualifier>[A-Za-z0-9$_-]{1,128}))?\z",
            RegexOptions.CultureInvariant);

        /// <summary>The interface VPC endpoint the URL goes through (a private REST API), or null.</summary>
        public string? VpcEndpointId { get; private set; }

        /// <summary>The function URL id of a function URL, or null.</summary>
        public string? FunctionUrlId { get; private set; }

        /// <summary>The function a function URL invokes, as <c>arn:aws:lambda:{region}:{account}:function:{name}</c>; null when not given (the URL does not name it).</summary>
        public string? FunctionArn { get; private set; }

        /// <summary>The ARN IAM authorises the call on: the invoke ARN, or the function ARN; null when unknown.</summary>
        public string? ResourceArnFor(string? accountId)
        {
            if (Kind != EndpointKind.FunctionUrl)
            {
                return ArnFor(accountId)?.ToString();
            }

            if (FunctionArn is null || AccountGiven || string.IsNullOrEmpty(accountId))
            {
                return FunctionArn;
            }

            // A function given by name has account '*' until the caller's role names account A.
            var parts = FunctionArn.Split(new[] { ':' }, 6);
            return parts[4] == "*" ? string.Join(":", parts[0], parts[1], parts[2], parts[3], accountId, parts[5]) : FunctionArn;
        }

        private static string Describe(EndpointKind kind) => kind switch
        {
            EndpointKind.RestApi => "REST API",
            EndpointKind.PrivateRestApi => "private REST API",
            EndpointKind.FunctionUrl => "Lambda function URL",
            _ => "HTTP API",
        };

        private static string Refuser(EndpointKind kind) => kind == EndpointKind.FunctionUrl ? "Lambda" : "API Gateway";

        /// <summary>Where the URL puts the API, VPC endpoint or function URL, and the path the endpoint sees.</summary>
        private static Address ReadAddress(ApiEndpoint endpoint)
        {
            var path = endpoint.Uri.AbsolutePath;
            if (endpoint.FunctionUrlId != null)
            {
                return new Address(InvokeHostKind.FunctionUrl, path) { FunctionUrlId = endpoint.FunctionUrlId };
            }

            if (endpoint.VpcEndpointId != null && endpoint.ApiId is null)
            {
                return new Address(InvokeHostKind.VpcEndpoint, path) { VpcEndpointId = endpoint.VpcEndpointId };
            }

            if (endpoint.IsExecuteApiHost)
            {
                return new Address(InvokeHostKind.ExecuteApi, path) { ApiId = endpoint.ApiId, VpcEndpointId = endpoint.VpcEndpointId };
            }

            if (TrySplitPrefix(path, EmulatorPathPrefix, out var name, out var rest))
            {
                // LocalStack's and the sandbox's execute-api path; {api-id}-{vpce-id} as on AWS for a private API's alias.
                var alias = name.IndexOf("-vpce-", StringComparison.Ordinal);
                return alias > 0
                    ? new Address(InvokeHostKind.LocalExecuteApi, rest) { ApiId = name.Substring(0, alias), VpcEndpointId = name.Substring(alias + 1) }
                    : new Address(InvokeHostKind.LocalExecuteApi, rest) { ApiId = name };
            }

            if (endpoint.Uri.IsLoopback && TrySplitPrefix(path, EmulatorVpcEndpointPrefix, out name, out rest))
            {
                return new Address(InvokeHostKind.LocalVpcEndpoint, rest) { VpcEndpointId = name };
            }

            if (endpoint.Uri.IsLoopback && TrySplitPrefix(path, EmulatorFunctionUrlPrefix, out name, out rest))
            {
                return new Address(InvokeHostKind.LocalFunctionUrl, rest) { FunctionUrlId = name };
            }

            return new Address(endpoint.Uri.IsLoopback ? InvokeHostKind.Loopback : InvokeHostKind.CustomDomain, path);
        }

        private static bool TrySplitPrefix(string path, string prefix, out string name, out string rest)
        {
            name = rest = string.Empty;
            if (!path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            var tail = path.Substring(prefix.Length);
            var slash = tail.IndexOf('/');
            name = slash < 0 ? tail : tail.Substring(0, slash);
            rest = slash < 0 ? "/" : tail.Substring(slash);
            return true;
        }

        /// <summary>The kind given wins where the URL allows it; the URL decides where it says (a function URL, a VPC endpoint).</summary>
        private static EndpointKind ResolveKind(EndpointKind? given, Address address, ApiEndpoint endpoint)
        {
            var fromUrl = address.FunctionUrlId != null ? EndpointKind.FunctionUrl : address.VpcEndpointId != null ? EndpointKind.PrivateRestApi : (EndpointKind?)null;
            if (!given.HasValue)
            {
                return fromUrl ?? EndpointKind.HttpApi;
            }

            var kind = given.Value;
            if (fromUrl == EndpointKind.PrivateRestApi && kind == EndpointKind.RestApi)
            {
                return EndpointKind.PrivateRestApi;
            }

            var contradicts = fromUrl.HasValue ? fromUrl.Value != kind
                : kind == EndpointKind.FunctionUrl ? address.HostKind == InvokeHostKind.ExecuteApi || address.HostKind == InvokeHostKind.LocalExecuteApi
                : kind == EndpointKind.PrivateRestApi && address.HostKind == InvokeHostKind.ExecuteApi;
            if (contradicts)
            {
                var urlSays = fromUrl.HasValue ? "a " + Describe(fromUrl.Value) : address.HostKind == InvokeHostKind.ExecuteApi && kind == EndpointKind.PrivateRestApi
                    ? "an API's public execute-api name (a private API is reached through a VPC endpoint: {api-id}-{vpce-id}.execute-api...)"
                    : "an API Gateway API";
                throw RequestErrors.Create(
                    RequestErrors.EndpointKindMismatch,
                    "{@EndpointKind} " + kind + " contradicts the URL, whose host " + endpoint.Host + " is " + urlSays + ".",
                    kind.ToString(),
                    "Leave {@EndpointKind} out to read the kind from the URL, or check the URL.");
            }

            return kind;
        }

        /// <summary>A REST API has no <c>$default</c> stage: the stage is the first path segment (or, behind a custom domain, must be given).</summary>
        private void ResolveRestStage()
        {
            var first = FirstSegment();
            if (HostKind == InvokeHostKind.CustomDomain || first.Length == 0 || !ApiInputs.IsStageName(first))
            {
                StageSource = StageSource.RestApiPath;
                Stage = ExecuteApiArn.DefaultStage;
                var why = HostKind == InvokeHostKind.CustomDomain
                    ? "Behind a custom domain the API mapping selects a REST API's stage, which the URL does not show"
                    : "A REST API's URL names its stage as the first path segment, and '" + RoutePath + "' has none";
                _arnError = RequestErrors.Create(
                    RequestErrors.StageRequired,
                    why + ": the invoke ARN cannot be read (REST APIs have no $default stage).",
                    RoutePath,
                    "Give {@Stage}, the stage the URL reaches.");
                StageReading = why + ": give {@Stage}.";
                return;
            }

            Stage = first;
            StageSource = StageSource.RestApiPath;
        }

        private void ResolveFunction(string? given, List<string> assumptions, List<string> warnings)
        {
            if (string.IsNullOrWhiteSpace(given))
            {
                assumptions.Add("The function URL does not name its function, so the function ARN IAM authorises the call on is unknown: give {@FunctionArn} (or {@FunctionName}) to name it.");
                return;
            }

            var text = given!.Trim();
            var match = FunctionArnPattern.Match(text);
            if (match.Success)
            {
                if (match.Groups["region"].Value != Scope.Region)
                {
                    warnings.Add("{@FunctionArn} names region " + match.Groups["region"].Value + ", but the URL's function is in " + Scope.Region + ".");
                }

                if (AccountGiven && match.Groups["account"].Value != AccountId)
                {
                    warnings.Add("{@FunctionArn} names account " + match.Groups["account"].Value + ", {@AccountId} " + AccountId + "; the function ARN's account is used.");
                }

                // Policies name the unqualified function; a URL on an alias is still authorised on the function's ARN.
                FunctionArn = "arn:" + match.Groups["partition"].Value + ":lambda:" + match.Groups["region"].Value + ":" + match.Groups["account"].Value + ":function:" + match.Groups["name"].Value;
                return;
            }

            if (!FunctionName.IsMatch(text))
            {
                throw RequestErrors.Create(
                    RequestErrors.InvalidFunctionArn,
                    RequestErrors.Quote(text) + " ({@FunctionArn}) is neither a function ARN (arn:aws:lambda:<region>:<account>:function:<name>) nor a function name (1 to 64 letters, digits, '-' and '_').",
                    text,
                    "Pass the function's ARN as Lambda shows it, or its name.");
            }

            FunctionArn = "arn:" + Scope.Partition + ":lambda:" + Scope.Region + ":" + AccountId + ":function:" + text;
        }

        private sealed class Address
        {
            public Address(InvokeHostKind hostKind, string path)
            {
                HostKind = hostKind;
                Path = path;
            }

            public InvokeHostKind HostKind { get; }

            public string Path { get; }

            public string? ApiId { get; set; }

            public string? VpcEndpointId { get; set; }

            public string? FunctionUrlId { get; set; }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using CrossAcctApi.Core.Arns;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Policy.Generator
{
    /// <summary>
    /// Works out the <c>execute-api:Invoke</c> resource ARN that API Gateway authorizes a call against, from the
    /// URL and what the URL cannot say. The API id and region come from an execute-api host (or -ApiId/-Region);
    /// the stage is the first path segment when one is named, else <c>$default</c> is assumed; the account is
    /// <c>*</c> unless given. Every guess is listed in <see cref="ResolvedInvokeArn.Assumptions"/>.
    /// </summary>
    public static class InvokeArnResolver
    {
        /// <summary>The path prefix local stand-ins serve HTTP APIs under: LocalStack's, and the sandbox's.</summary>
        public const string LocalExecuteApiPrefix = "/_aws/execute-api/";

        private static readonly Regex BasePathPattern = new Regex(@"^[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*\z", RegexOptions.CultureInvariant);

        /// <summary>
        /// Resolves the ARN. <paramref name="getEnvironmentVariable"/> reads AWS_REGION/AWS_DEFAULT_REGION for
        /// hosts that name no region, as signing does, so both agree on the region.
        /// </summary>
        public static ResolvedInvokeArn Resolve(InvokeArnRequest request, Func<string, string?> getEnvironmentVariable)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var assumptions = new List<string>();
            var warnings = new List<string>();

            ApiEndpoint endpoint = ApiEndpoint.Parse(request.Uri);
            string path = endpoint.Uri.AbsolutePath;
            string? hostApiId = endpoint.ApiId;
            InvokeHostKind kind;
            if (endpoint.IsExecuteApiHost)
            {
                kind = InvokeHostKind.ExecuteApi;
            }
            else if (path.StartsWith(LocalExecuteApiPrefix, StringComparison.Ordinal))
            {
                kind = InvokeHostKind.LocalExecuteApi;
                string rest = path.Substring(LocalExecuteApiPrefix.Length);
                int slash = rest.IndexOf('/');
                hostApiId = slash < 0 ? rest : rest.Substring(0, slash);
                path = slash < 0 ? "/" : rest.Substring(slash);
            }
            else
            {
                kind = endpoint.Uri.IsLoopback ? InvokeHostKind.Loopback : InvokeHostKind.CustomDomain;
            }

            string apiId = ResolveApiId(request.ApiId, hostApiId, endpoint, kind, warnings);
            SigningScope scope = SigningScope.Resolve(endpoint, request.Region, null, getEnvironmentVariable);
            if (scope.ConflictsWithHost)
            {
                warnings.Add($"-Region {scope.Region} differs from the region in the host name ({scope.HostRegion}); the ARN uses {scope.Region}.");
            }
            else if (scope.RegionSource == RegionSource.EnvironmentVariable)
            {
                assumptions.Add($"The host {endpoint.Host} names no region: used {scope.Region} from {scope.RegionOrigin}. Pass -Region to be explicit.");
            }

            string account = ResolveAccount(request.AccountId, assumptions, out string? accountAssumption);
            string method = PolicyInputs.Method(request.Method, "-Method");
            path = StripBasePath(request.BasePath, path, kind);
            string stage = ResolveStage(request.Stage, path, kind, assumptions);

            ExecuteApiArn arn;
            if (kind == InvokeHostKind.CustomDomain)
            {
                // Behind a custom domain the API mapping picks the stage: the whole remaining path is the route's.
                ExecuteApiArn inDefault = ExecuteApiArn.ForRequest(scope.Partition, scope.Region, account, apiId, ExecuteApiArn.DefaultStage, method, path);
                arn = new ExecuteApiArn(inDefault.Partition, inDefault.Region, inDefault.AccountId, inDefault.ApiId, stage, inDefault.Method, inDefault.Path);
            }
            else
            {
                arn = ExecuteApiArn.ForRequest(scope.Partition, scope.Region, account, apiId, stage, method, path);
            }

            return new ResolvedInvokeArn(arn, kind, scope.RegionOrigin, assumptions, accountAssumption, warnings);
        }

        private static string ResolveApiId(string? given, string? fromUrl, ApiEndpoint endpoint, InvokeHostKind kind, List<string> warnings)
        {
            if (!string.IsNullOrWhiteSpace(given))
            {
                string apiId = PolicyInputs.Api(given, "-ApiId");
                if (fromUrl != null && !string.Equals(fromUrl, apiId, StringComparison.OrdinalIgnoreCase))
                {
                    warnings.Add($"-ApiId {apiId} differs from the API id in the URL ({fromUrl}); the ARN uses {apiId}.");
                }

                return apiId;
            }

            if (fromUrl != null)
            {
                return PolicyInputs.Api(fromUrl, kind == InvokeHostKind.ExecuteApi ? "the host " + endpoint.Host : "the URL path");
            }

            string what = kind == InvokeHostKind.Loopback ? "a loopback address" : "a custom domain";
            throw PolicyToolErrors.Create(
                PolicyToolErrors.ApiIdRequired,
                $"The host {endpoint.Host} is {what}, not {{api-id}}.execute-api.{{region}}.amazonaws.com, so it does not say which API the call reaches.",
                endpoint.Host,
                "Pass -ApiId (and -Region) of the API the domain or test server stands for.");
        }

        private static string ResolveAccount(string? given, List<string> assumptions, out string? assumption)
        {
            assumption = null;
            if (!string.IsNullOrWhiteSpace(given))
            {
                return PolicyInputs.Account(given, "-AccountId");
            }

            assumption = "No -AccountId: the account part of the ARN is '*', because the URL does not name the account that owns the API. The ARN still matches in policies; pass -AccountId for the exact ARN.";
            assumptions.Add(assumption);
            return "*";
        }

        private static string StripBasePath(string? basePath, string path, InvokeHostKind kind)
        {
            if (basePath == null)
            {
                return path;
            }

            string trimmed = basePath.Trim().Trim('/');
            if (kind != InvokeHostKind.CustomDomain)
            {
                throw PolicyToolErrors.Create(
                    PolicyToolErrors.InvalidBasePath,
                    $"-BasePath is the API mapping key of a custom domain; the URL's host is not a custom domain ({kind}).",
                    basePath,
                    "Leave -BasePath out; for execute-api URLs the stage is the first path segment (-Stage).");
            }

            if (!BasePathPattern.IsMatch(trimmed))
            {
                throw PolicyToolErrors.Create(
                    PolicyToolErrors.InvalidBasePath,
                    $"{PolicyToolErrors.Quote(basePath)} (-BasePath) is not an API mapping key: segments of letters, digits and ._~- separated by '/'.",
                    basePath,
                    "Pass the API mapping key as configured on the custom domain, for example -BasePath orders.");
            }

            string prefix = "/" + trimmed;
            if (path == prefix)
            {
                return "/";
            }

            if (path.StartsWith(prefix + "/", StringComparison.Ordinal))
            {
                return path.Substring(prefix.Length);
            }

            throw PolicyToolErrors.Create(
                PolicyToolErrors.BasePathNotInPath,
                $"The path '{path}' does not start with the base path '{prefix}'.",
                path,
                "Check -BasePath against the URL; leave it out when the API is mapped at the domain's root.");
        }

        private static string ResolveStage(string? given, string path, InvokeHostKind kind, List<string> assumptions)
        {
            if (given != null)
            {
                return PolicyInputs.Stage(given, "-Stage");
            }

            if (kind == InvokeHostKind.CustomDomain)
            {
                assumptions.Add("No -Stage: assumed the $default stage. Behind a custom domain the API mapping selects the stage; pass -Stage when it maps to a named stage.");
                return ExecuteApiArn.DefaultStage;
            }

            string trimmed = path.TrimStart('/');
            int slash = trimmed.IndexOf('/');
            string first = slash < 0 ? trimmed : trimmed.Substring(0, slash);
            assumptions.Add(first.Length == 0
                ? "No -Stage: assumed the $default stage (the URL has no stage segment)."
                : $"No -Stage: assumed the $default stage, so '{path}' is the route path. If '{Uri.UnescapeDataString(first)}' is a stage of the API, pass -Stage {Uri.UnescapeDataString(first)}.");
            return ExecuteApiArn.DefaultStage;
        }
    }
}

using System;
using System.Collections.Generic;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Requests
{
    /// <summary>
    /// The invoke ARN(s) a call is authorized against: arn:&lt;partition&gt;:execute-api:&lt;region&gt;:&lt;account&gt;:&lt;api-id&gt;/&lt;stage&gt;/&lt;METHOD&gt;/&lt;path&gt;.
    /// A URL alone does not say whether its first segment is a stage or part of a <c>$default</c>-stage path, so
    /// unless the stage is known both readings are given; the server's AccessDenied message, when it names the
    /// resource, settles it.
    /// </summary>
    public sealed class InvokeArnInference
    {
        /// <summary>The path prefix local API Gateway emulators (and the sandbox) serve APIs under: /_aws/execute-api/{api-id}/...</summary>
        public const string EmulatorPathPrefix = "/_aws/execute-api/";

        private InvokeArnInference(string? exact, IReadOnlyList<string> candidates, string? apiId)
        {
            Exact = exact;
            Candidates = candidates;
            ApiId = apiId;
        }

        public static InvokeArnInference None { get; } = new InvokeArnInference(null, Array.Empty<string>(), null);

        /// <summary>The one ARN, when the stage is known; otherwise null.</summary>
        public string? Exact { get; }

        /// <summary>Every plausible ARN: one when exact, two (named stage; <c>$default</c>) or one otherwise, none for a custom domain.</summary>
        public IReadOnlyList<string> Candidates { get; }

        public string? ApiId { get; }

        /// <param name="accountId">The API's account, when known (an assumed role's account); "*" otherwise.</param>
        public static InvokeArnInference For(ApiEndpoint endpoint, SigningScope scope, string method, string? stage, string? accountId)
        {
            if (endpoint is null)
            {
                throw new ArgumentNullException(nameof(endpoint));
            }

            if (scope is null)
            {
                throw new ArgumentNullException(nameof(scope));
            }

            var path = endpoint.Uri.AbsolutePath;
            var apiId = endpoint.ApiId;
            if (apiId is null && path.StartsWith(EmulatorPathPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var rest = path.Substring(EmulatorPathPrefix.Length);
                var slash = rest.IndexOf('/');
                apiId = slash < 0 ? rest : rest.Substring(0, slash);
                path = slash < 0 ? "/" : rest.Substring(slash);
            }

            // A custom domain maps base paths to APIs and stages; the URL does not tell which.
            if (string.IsNullOrEmpty(apiId))
            {
                return None;
            }

            var account = string.IsNullOrEmpty(accountId) ? "*" : accountId!;
            var upper = HttpMethods.Normalize(method).ToUpperInvariant();
            if (!string.IsNullOrEmpty(stage))
            {
                var exact = TryArn(scope, account, apiId!, stage!, upper, path);
                return exact is null ? None : new InvokeArnInference(exact, new[] { exact }, apiId);
            }

            var candidates = new List<string>(2);
            var first = FirstSegment(path);
            if (first != null && first != ExecuteApiArn.DefaultStage)
            {
                AddIfValid(candidates, TryArn(scope, account, apiId!, first, upper, path));
            }

            AddIfValid(candidates, TryArn(scope, account, apiId!, ExecuteApiArn.DefaultStage, upper, path));
            return new InvokeArnInference(null, candidates, apiId);
        }

        /// <summary>The same inference with the ARN the server named: exact from then on.</summary>
        public InvokeArnInference WithServerArn(string serverArn) =>
            new InvokeArnInference(serverArn, new[] { serverArn }, ApiId);

        private static string? FirstSegment(string path)
        {
            var trimmed = path.TrimStart('/');
            if (trimmed.Length == 0)
            {
                return null;
            }

            var slash = trimmed.IndexOf('/');
            return slash < 0 ? trimmed : trimmed.Substring(0, slash);
        }

        private static string? TryArn(SigningScope scope, string account, string apiId, string stage, string method, string path)
        {
            try
            {
                return ExecuteApiArn.ForRequest(scope.Partition, scope.Region, account, apiId, stage, method, path).ToString();
            }
            catch (CrossAcctApiException)
            {
                // Not a possible reading of this URL (the segment is not a valid stage name, say).
                return null;
            }
        }

        private static void AddIfValid(List<string> list, string? arn)
        {
            if (arn != null && !list.Contains(arn))
            {
                list.Add(arn);
            }
        }
    }
}

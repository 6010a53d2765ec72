using System.Collections.Generic;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Policy.Generator
{
    /// <summary>What kind of host a URL has, which decides where the stage and API id are read from.</summary>
    public enum InvokeHostKind
    {
        /// <summary><c>{api-id}.execute-api.{region}.amazonaws.com</c>: the host names the API and region, the path the stage.</summary>
        ExecuteApi,

        /// <summary>A local stand-in's <c>/_aws/execute-api/{api-id}/...</c> path (LocalStack's convention, the sandbox's).</summary>
        LocalExecuteApi,

        /// <summary>A loopback host serving execute-api style paths (stage segment first).</summary>
        Loopback,

        /// <summary>A custom domain: an API mapping picks the API and stage; the stage is not in the path.</summary>
        CustomDomain,
    }

    /// <summary>
    /// The <c>execute-api:Invoke</c> resource ARN of one call, with its parts and what was assumed to get it.
    /// Its text form is the ARN, so it can be passed wherever an ARN string is expected.
    /// </summary>
    public sealed class ResolvedInvokeArn
    {
        internal ResolvedInvokeArn(ExecuteApiArn arn, InvokeHostKind hostKind, string regionOrigin, IReadOnlyList<string> assumptions, string? accountAssumption, IReadOnlyList<string> warnings)
        {
            ExecuteApiArn = arn;
            AccountAssumption = accountAssumption;
            HostKind = hostKind;
            RegionOrigin = regionOrigin;
            Assumptions = assumptions;
            Warnings = warnings;
        }

        /// <summary>The ARN text.</summary>
        public string Arn => ExecuteApiArn.ToString();

        public string Partition => ExecuteApiArn.Partition;

        public string Region => ExecuteApiArn.Region;

        /// <summary>Account A, or <c>*</c> when it was not given.</summary>
        public string AccountId => ExecuteApiArn.AccountId;

        public string ApiId => ExecuteApiArn.ApiId;

        public string Stage => ExecuteApiArn.Stage;

        /// <summary>The method in upper case, or <c>*</c>.</summary>
        public string Method => ExecuteApiArn.Method;

        /// <summary>The path as the ARN holds it: decoded, without the stage and the leading slash.</summary>
        public string Path => ExecuteApiArn.Path;

        /// <summary>True when the ARN names a set of calls (every method, or an unknown account).</summary>
        public bool IsPattern => ExecuteApiArn.IsPattern;

        public InvokeHostKind HostKind { get; }

        /// <summary>Where the region came from: "-Region", "the host name", "AWS_REGION"...</summary>
        public string RegionOrigin { get; }

        /// <summary>What the URL did not say and was assumed (the stage, the account), in words.</summary>
        public IReadOnlyList<string> Assumptions { get; }

        /// <summary>The assumption about the account (one of <see cref="Assumptions"/>), or null when it was given.</summary>
        public string? AccountAssumption { get; }

        /// <summary>Arguments that contradict the URL (a -Region or -ApiId other than the host's).</summary>
        public IReadOnlyList<string> Warnings { get; }

        public ExecuteApiArn ExecuteApiArn { get; }

        public override string ToString() => Arn;
    }
}

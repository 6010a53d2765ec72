using System;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi
{
    /// <summary>
    /// The parameters that address an execute-api resource without calling it (-Stage, -AccountId, -ApiId, -Region,
    /// -BasePath), shared by Get-ExecuteApiArn and Test-ExecuteApiPolicy: one mapping onto <see cref="ApiTarget"/>,
    /// so both read a URL exactly as the calling cmdlets do.
    /// </summary>
    internal sealed class InvokeArnArgument
    {
        public string? Stage { get; set; }

        public string? AccountId { get; set; }

        public string? ApiId { get; set; }

        public string? Region { get; set; }

        public string? BasePath { get; set; }

        /// <summary>The invoke ARN of <paramref name="uri"/> called with <paramref name="method"/>; refuses a URL it cannot read.</summary>
        public ResolvedInvokeArn Resolve(Uri uri, string method) =>
            ApiTarget.Resolve(
                new ApiTargetRequest(uri, method)
                {
                    Stage = Stage,
                    AccountId = AccountId,
                    ApiId = ApiId,
                    Region = Region,
                    BasePath = BasePath,
                },
                Environment.GetEnvironmentVariable).RequireArn();
    }
}

using System;
using System.Collections.Generic;
using CrossAcctApi.Core.Arns;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Policy.Generator
{
    /// <summary>
    /// What the cross-account setup should allow: account B (<see cref="CallerAccountId"/>) assumes a role in
    /// account A (<see cref="ApiAccountId"/>) and invokes some routes of an HTTP API there. Values are checked
    /// by <see cref="CrossAccountPolicyGenerator.Generate"/>, so that every problem is reported with its ErrorId.
    /// </summary>
    public sealed record CrossAccountPolicyRequest
    {
        /// <summary>The role name used when none is given.</summary>
        public const string DefaultRoleName = "CrossAccountInvoker";

        public CrossAccountPolicyRequest(string apiAccountId, string callerAccountId, string apiId, string region)
        {
            ApiAccountId = apiAccountId;
            CallerAccountId = callerAccountId;
            ApiId = apiId;
            Region = region;
        }

        /// <summary>Account A: owns the API and the role.</summary>
        public string ApiAccountId { get; }

        /// <summary>Account B: its principals assume the role.</summary>
        public string CallerAccountId { get; }

        public string ApiId { get; }

        public string Region { get; }

        /// <summary>The stage to allow: <c>$default</c> (the default) or a stage name.</summary>
        public string Stage { get; init; } = ExecuteApiArn.DefaultStage;

        /// <summary>Route keys to allow (<c>GET /items/*</c>, <c>ANY /{proxy+}</c>, <c>$default</c>). None: every route of the stage.</summary>
        public IReadOnlyList<string> Routes { get; init; } = Array.Empty<string>();

        /// <summary>The name of the role in account A.</summary>
        public string RoleName { get; init; } = DefaultRoleName;

        /// <summary>
        /// The one principal of account B that may assume the role (a role or user ARN). Null: the account
        /// (its root), which delegates the choice to account B's own IAM policies.
        /// </summary>
        public string? CallerPrincipalArn { get; init; }

        /// <summary>The external id the caller must pass (a <c>sts:ExternalId</c> condition in the trust policy).</summary>
        public string? ExternalId { get; init; }

        /// <summary>Require an MFA-authenticated caller (<c>aws:MultiFactorAuthPresent</c> true).</summary>
        public bool RequireMfa { get; init; }

        /// <summary>
        /// The role's maximum session duration in seconds (3600-43200). A property of the role, not of any policy:
        /// it is checked and carried to the output for whoever creates the role.
        /// </summary>
        public int? MaxSessionDuration { get; init; }

        /// <summary>The endpoint kind: HTTP API (role route only), REST or private REST API (role route and direct route), function URL.</summary>
        public EndpointKind Kind { get; init; } = EndpointKind.HttpApi;

        /// <summary>A function URL's function name (<see cref="EndpointKind.FunctionUrl"/>); the API id is then not used.</summary>
        public string? FunctionName { get; init; }

        /// <summary>A private API: the VPC endpoint the direct route must come through (<c>aws:SourceVpce</c>).</summary>
        public string? VpcEndpointId { get; init; }

        /// <summary>A private API: the VPC the direct route must come from (<c>aws:SourceVpc</c>).</summary>
        public string? VpcId { get; init; }
    }
}

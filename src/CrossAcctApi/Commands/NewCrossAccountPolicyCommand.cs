using System;
using System.Management.Automation;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Arns;
using CrossAcctApi.Core.Policy.Generator;

namespace CrossAcctApi
{
    /// <summary>
    /// <para type="synopsis">Writes the least-privilege IAM policies for calling an HTTP API, a REST API or a Lambda function URL across accounts.</para>
    /// <para type="description">
    /// Account A's invoke policy (execute-api:Invoke on exactly the routes), account A's role trust policy (account B
    /// or one of its principals, with optional external id and MFA conditions) and account B's policy to assume the
    /// role, as indented IAM JSON that parses, with the parsed documents.
    /// </para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "CrossAccountPolicy", DefaultParameterSetName = ApiSet)]
    [OutputType(typeof(CrossAccountPolicySet))]
    public sealed class NewCrossAccountPolicyCommand : CrossAcctApiCmdlet
    {
        private const string ApiSet = "Api";
        private const string FunctionSet = "FunctionUrl";

        /// <summary><para type="description">Account A: owns the API and the role.</para></summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public string ApiAccountId { get; set; } = null!;

        /// <summary><para type="description">Account B: its principals call the API.</para></summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public string CallerAccountId { get; set; } = null!;

        /// <summary><para type="description">The API's id (HTTP, REST or private REST API).</para></summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ApiSet)]
        public string ApiId { get; set; } = null!;

        /// <summary><para type="description">HttpApi (default: the role route only), RestApi or PrivateRestApi (also the direct route: the API's resource policy naming account B, and B's policy).</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ApiSet)]
        [ValidateSet(nameof(Core.Requests.EndpointKind.HttpApi), nameof(Core.Requests.EndpointKind.RestApi), nameof(Core.Requests.EndpointKind.PrivateRestApi))]
        public string EndpointKind { get; set; } = nameof(Core.Requests.EndpointKind.HttpApi);

        /// <summary><para type="description">A Lambda function URL's function: writes the function's resource policy (lambda:InvokeFunctionUrl and lambda:InvokeFunction), account B's policy, and the role route.</para></summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = FunctionSet)]
        public string FunctionName { get; set; } = null!;

        /// <summary><para type="description">A private API: the VPC endpoint the direct route comes through (aws:SourceVpce).</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ApiSet)]
        public string? VpcEndpointId { get; set; }

        /// <summary><para type="description">A private API: the VPC the direct route comes from (aws:SourceVpc).</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ApiSet)]
        public string? VpcId { get; set; }

        /// <summary><para type="description">The API's region.</para></summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completion.RegionCompleter))]
        public string Region { get; set; } = null!;

        /// <summary><para type="description">The stage to allow. Default $default.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Stage { get; set; } = ExecuteApiArn.DefaultStage;

        /// <summary><para type="description">Route keys to allow, such as 'GET /items/*'.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Routes", "RouteKey")]
        public string[]? Route { get; set; }

        /// <summary><para type="description">The role's name in account A. Default CrossAccountInvoker.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string RoleName { get; set; } = CrossAccountPolicyRequest.DefaultRoleName;

        /// <summary><para type="description">The one principal of account B to trust.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? CallerPrincipalArn { get; set; }

        /// <summary><para type="description">The external id the caller must pass.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? ExternalId { get; set; }

        /// <summary><para type="description">Require MFA for AssumeRole.</para></summary>
        [Parameter]
        public SwitchParameter RequireMfa { get; set; }

        /// <summary><para type="description">The role's maximum session duration in seconds.</para></summary>
        [Parameter]
        public int MaxSessionDuration { get; set; }

        /// <summary>One bad row (piped from a CSV of APIs) is reported by the base, and the others go on.</summary>
        protected override void Process()
        {
            var isFunction = ParameterSetName == FunctionSet;
            var request = new CrossAccountPolicyRequest(ApiAccountId, CallerAccountId, isFunction ? string.Empty : ApiId, Region)
            {
                Kind = isFunction ? Core.Requests.EndpointKind.FunctionUrl : (Core.Requests.EndpointKind)Enum.Parse(typeof(Core.Requests.EndpointKind), EndpointKind, ignoreCase: true),
                FunctionName = isFunction ? FunctionName : null,
                VpcEndpointId = string.IsNullOrWhiteSpace(VpcEndpointId) ? null : VpcEndpointId!.Trim(),
                VpcId = string.IsNullOrWhiteSpace(VpcId) ? null : VpcId!.Trim(),
                Stage = Stage,
                Routes = Route ?? Array.Empty<string>(),
                RoleName = RoleName,
                CallerPrincipalArn = CallerPrincipalArn,
                ExternalId = ExternalId,
                RequireMfa = RequireMfa.IsPresent,
                MaxSessionDuration = MyInvocation.BoundParameters.ContainsKey(nameof(MaxSessionDuration)) ? MaxSessionDuration : (int?)null,
            };

            var set = ParameterPhrasing.Phrase(CrossAccountPolicyGenerator.Generate(request));

            foreach (string warning in set.Warnings)
            {
                WriteWarning(warning);
            }

            foreach (string note in set.Notes)
            {
                WriteVerbose(note);
            }

            WriteObject(set);
        }
    }
}

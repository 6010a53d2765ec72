using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Arns;
using CrossAcctApi.Core.Policy;
using CrossAcctApi.Core.Policy.Generator;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi
{
    /// <summary>
    /// <para type="synopsis">Evaluates a caller's identity policies and a REST API's or function's resource policy offline, with IAM's cross-account rules.</para>
    /// <para type="description">
    /// Within the resource's account either document may allow (a resource policy naming only the account delegates to the
    /// identity policies); across accounts both must; an explicit deny in either wins. Says which document decided. A
    /// function URL needs lambda:InvokeFunctionUrl and lambda:InvokeFunction, each evaluated with the keys Lambda sets.
    /// </para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "CrossAccountPolicy", DefaultParameterSetName = UriSet)]
    [OutputType(typeof(CrossAccountPolicyTestResult))]
    public sealed class TestCrossAccountPolicyCommand : CrossAcctApiCmdlet
    {
        private const string UriSet = "Uri";
        private const string ArnSet = "Arn";

        private Dictionary<string, IReadOnlyList<string>> _conditionKeys = new Dictionary<string, IReadOnlyList<string>>();

        /// <summary><para type="description">The caller's identity policies, as JSON text (none: the caller's account allows nothing).</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyCollection]
        [PolicyDocumentTransformation]
        public string[]? IdentityPolicy { get; set; }

        /// <summary><para type="description">The REST API's or the function's resource policy, as JSON text.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [PolicyDocumentTransformation]
        public string? ResourcePolicy { get; set; }

        /// <summary><para type="description">Who calls: a user, role or assumed-role session ARN (or an account root).</para></summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public string CallerArn { get; set; } = null!;

        /// <summary><para type="description">The URL of the call (any endpoint kind).</para></summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = UriSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Url")]
        public Uri Uri { get; set; } = null!;

        /// <summary><para type="description">The resource ARN (an invoke ARN or a function ARN).</para></summary>
        [Parameter(Mandatory = true, ParameterSetName = ArnSet, ValueFromPipelineByPropertyName = true)]
        public string Arn { get; set; } = null!;

        /// <summary><para type="description">With -Arn: the actions. Default: execute-api:Invoke, or both Lambda actions for a function ARN.</para></summary>
        [Parameter(ParameterSetName = ArnSet)]
        public string[]? Action { get; set; }

        /// <summary><para type="description">The HTTP method of the call. Default GET.</para></summary>
        [Parameter(ParameterSetName = UriSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completion.HttpMethodCompleter))]
        public string Method { get; set; } = "GET";

        /// <summary><para type="description">HttpApi, RestApi, PrivateRestApi or FunctionUrl; read from the URL when not given.</para></summary>
        [Parameter(ParameterSetName = UriSet, ValueFromPipelineByPropertyName = true)]
        public EndpointKind? EndpointKind { get => (EndpointKind?)_endpointKind; set => _endpointKind = value; }

        // Boxed: a field of the engine's EndpointKind? would make the runtime load the engine assembly while
        // Import-Module lists this assembly's types (Isolation.Tests.ps1 checks that the import does not load it).
        private object? _endpointKind;

        /// <summary><para type="description">A function URL's function (ARN, or name with -AccountId).</para></summary>
        [Parameter(ParameterSetName = UriSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FunctionName")]
        public string? FunctionArn { get; set; }

        /// <summary><para type="description">The stage of the call.</para></summary>
        [Parameter(ParameterSetName = UriSet, ValueFromPipelineByPropertyName = true)]
        public string? Stage { get; set; }

        /// <summary><para type="description">The account that owns the API or function.</para></summary>
        [Parameter(ParameterSetName = UriSet, ValueFromPipelineByPropertyName = true)]
        public string? AccountId { get; set; }

        /// <summary><para type="description">The region, for hosts that do not name one.</para></summary>
        [Parameter(ParameterSetName = UriSet)]
        [ArgumentCompleter(typeof(Completion.RegionCompleter))]
        public string? Region { get; set; }

        /// <summary><para type="description">Condition key values of the request (aws:SourceVpc, aws:SourceIp...).</para></summary>
        [Parameter]
        public IDictionary? ConditionKey { get; set; }

        protected override void Begin() => _conditionKeys = ConditionKeyArgument.Convert(ConditionKey);

        protected override void Process()
        {
            object target = ParameterSetName == ArnSet ? (object)Arn : Uri;
            try
            {
                var identity = ExecuteApiPolicyTester.ParseDocumentsOrNone(IdentityPolicy);
                var resource = string.IsNullOrWhiteSpace(ResourcePolicy) ? null : PolicyDocument.Parse(ResourcePolicy!);
                CrossAccountPolicyTestResult result;
                if (ParameterSetName == ArnSet)
                {
                    var arn = (Arn ?? string.Empty).Trim();
                    var actions = Action is { Length: > 0 } ? Action : arn.Split(':').ElementAtOrDefault(2) == EndpointKinds.LambdaService
                        ? EndpointKinds.Actions(Core.Requests.EndpointKind.FunctionUrl) : EndpointKinds.Actions(Core.Requests.EndpointKind.RestApi);
                    result = CrossAccountPolicyTester.Test(identity, resource, CallerArn, arn, actions, _conditionKeys);
                }
                else
                {
                    var call = ApiTarget.Resolve(
                        new ApiTargetRequest(Uri, Method ?? "GET") { Stage = Stage, AccountId = AccountId, Region = Region, EndpointKind = EndpointKind, FunctionArn = FunctionArn },
                        Environment.GetEnvironmentVariable);
                    result = CrossAccountPolicyTester.Test(identity, resource, CallerArn, call, _conditionKeys);
                }

                ParameterPhrasing.Phrase(result);
                foreach (var note in result.Notes)
                {
                    WriteVerbose(note);
                }

                WriteVerbose(result.Decision + " for " + string.Join(" and ", result.Actions.Select(a => a.Action)) + " on " + result.Resource + ": " + result.Reason);
                if (!result.IsConclusive)
                {
                    WriteWarning(result.Resource + ": " + result.Decision + " is not conclusive: a condition could not be evaluated; give its key with -ConditionKey.");
                }

                WriteObject(result);
            }
            catch (CrossAcctApiException ex)
            {
                WriteFailure(ex, target);
            }
        }
    }
}

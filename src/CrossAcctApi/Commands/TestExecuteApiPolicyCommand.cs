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
    /// <para type="synopsis">Evaluates IAM policies offline for one execute-api:Invoke call.</para>
    /// <para type="description">
    /// Decides Allowed, ExplicitDeny or ImplicitDeny as IAM does (wildcards, NotAction/NotResource, explicit deny
    /// wins), lists the statements that apply, and reports every condition it could not evaluate instead of
    /// guessing. Condition values can be given with -ConditionKey.
    /// </para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "ExecuteApiPolicy", DefaultParameterSetName = UriSet)]
    [OutputType(typeof(ExecuteApiPolicyTestResult))]
    public sealed class TestExecuteApiPolicyCommand : CrossAcctApiCmdlet
    {
        // The parameters that address the resource, read by the one URL resolver.
        private readonly InvokeArnArgument _arn = new InvokeArnArgument();

        public const string UriSet = "Uri";
        public const string ArnSet = "Arn";

        private readonly TargetNotes _notes = new TargetNotes();

        private string[]? _parsedTexts;
        private IReadOnlyList<PolicyDocument>? _parsed;
        private Dictionary<string, IReadOnlyList<string>> _conditionKeys = new Dictionary<string, IReadOnlyList<string>>();

        /// <summary>
        /// <para type="description">The identity policies: JSON text, parsed objects or IAM's answers (PolicyArgument).
        /// Not mandatory only so that -Path can stand in for it: in parameter sets of their own, the sets would be
        /// decided before pipeline input and piped invoke ARNs would no longer bind; without either, the error is
        /// InvalidPolicyDocument, "No policy document was given".</para>
        /// </summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("InvokePolicy", "Policy")]
        [PolicyDocumentTransformation]
        public string[]? PolicyDocument { get; set; }

        /// <summary>
        /// <para type="description">Files that hold the policies (wildcards allowed). Not bound from the pipeline: the
        /// objects piped in (invoke ARNs, CSV rows of calls) have a Path of their own; piped files bind to -PolicyDocument.</para>
        /// </summary>
        [Parameter]
        public string[]? Path { get; set; }

        /// <summary><para type="description">The URL of the call.</para></summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = UriSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Url")]
        public Uri Uri { get; set; } = null!;

        /// <summary><para type="description">The invoke ARN of the call.</para></summary>
        [Parameter(Mandatory = true, ParameterSetName = ArnSet, ValueFromPipelineByPropertyName = true)]
        public string Arn { get; set; } = null!;

        /// <summary><para type="description">The HTTP method of the call. Default GET. With -Arn, the ARN names the method; -Method must agree.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completion.HttpMethodCompleter))]
        public string Method { get; set; } = "GET";

        /// <summary><para type="description">The stage of the call.</para></summary>
        [Parameter(ParameterSetName = UriSet)]
        public string? Stage { get => _arn.Stage; set => _arn.Stage = value; }

        /// <summary><para type="description">The account that owns the API.</para></summary>
        [Parameter(ParameterSetName = UriSet)]
        public string? AccountId { get => _arn.AccountId; set => _arn.AccountId = value; }

        /// <summary><para type="description">The API id, for custom domains and loopback servers.</para></summary>
        [Parameter(ParameterSetName = UriSet)]
        public string? ApiId { get => _arn.ApiId; set => _arn.ApiId = value; }

        /// <summary><para type="description">The region, for hosts that do not name one.</para></summary>
        [Parameter(ParameterSetName = UriSet)]
        [ArgumentCompleter(typeof(Completion.RegionCompleter))]
        public string? Region { get => _arn.Region; set => _arn.Region = value; }

        /// <summary><para type="description">A custom domain's API mapping key.</para></summary>
        [Parameter(ParameterSetName = UriSet)]
        public string? BasePath { get => _arn.BasePath; set => _arn.BasePath = value; }

        /// <summary><para type="description">Condition key values of the request.</para></summary>
        [Parameter]
        public IDictionary? ConditionKey { get; set; }

        protected override void Begin() => _conditionKeys = ConditionKeyArgument.Convert(ConditionKey);

        protected override void Process()
        {
            bool byArn = ParameterSetName == ArnSet;
            object target = byArn ? (object)Arn : Uri;
            try
            {
                IReadOnlyList<PolicyDocument> policies = Policies();
                ExecuteApiPolicyTestResult result;
                if (byArn)
                {
                    ExecuteApiArn call = ExecuteApiArn.Parse((Arn ?? string.Empty).Trim());
                    CheckMethodAgrees(call);
                    result = ParameterPhrasing.Phrase(ExecuteApiPolicyTester.Test(policies, call, _conditionKeys));
                }
                else
                {
                    ResolvedInvokeArn resolved = _arn.Resolve(Uri, Method ?? "GET");
                    _notes.Explain(this, resolved);

                    result = ParameterPhrasing.Phrase(ExecuteApiPolicyTester.Test(policies, resolved, _conditionKeys));
                }

                foreach (string assumption in result.Assumptions)
                {
                    WriteVerbose(assumption);
                }

                WriteVerbose($"{result.Decision} for execute-api:Invoke on {result.Arn}: {result.Reason}");
                if (!result.IsConclusive)
                {
                    WriteWarning($"{result.Arn}: {result.Decision} is not conclusive. " + string.Join(" ", result.UnevaluatedConditions.Select(c => c.ToString() + ".")));
                }

                WriteObject(result);
            }
            catch (CrossAcctApiException ex)
            {
                WriteFailure(ex, target);
            }
        }

        /// <summary>
        /// With -Arn the method is the ARN's. -Method is in this parameter set so that objects with Arn and Method
        /// properties (Get-ExecuteApiArn output, CSV rows) bind; when it is given, it must say the same.
        /// </summary>
        private void CheckMethodAgrees(ExecuteApiArn call)
        {
            if (!MyInvocation.BoundParameters.ContainsKey(nameof(Method)))
            {
                return;
            }

            string method = ApiInputs.ArnMethod(Method, "{@Method}");
            if (!string.Equals(method, call.Method, StringComparison.Ordinal))
            {
                throw new CrossAcctApiException(
                    PolicyToolErrors.InvalidMethod,
                    FailureKind.InvalidArgument,
                    "{@Method} " + Method + " contradicts the ARN " + call + ", whose method is " + call.Method + ".",
                    Method)
                {
                    RecommendedAction = "Leave -Method out with -Arn (the ARN names the method), or make them agree.",
                };
            }
        }

        /// <summary>Parses the documents once for all records that share them (the usual case: given on the command line).</summary>
        private IReadOnlyList<PolicyDocument> Policies()
        {
            // Files and text together, as IAM evaluates every policy that applies.
            string[] texts = (Path != null ? PolicyFiles.Read(this, Path) : Array.Empty<string>()).Concat(PolicyDocument ?? Array.Empty<string>()).ToArray();
            if (_parsed == null || _parsedTexts == null || !_parsedTexts.SequenceEqual(texts, StringComparer.Ordinal))
            {
                _parsed = null;
                _parsed = ExecuteApiPolicyTester.ParseDocuments(texts.Select(t => PolicyArgument.Document(t, PolicyFiles.Exists(this))).ToArray());
                _parsedTexts = texts;
            }

            return _parsed;
        }
    }
}

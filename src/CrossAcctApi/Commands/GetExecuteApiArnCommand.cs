using System;
using System.Management.Automation;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi
{
    /// <summary>
    /// <para type="synopsis">Gets the execute-api:Invoke resource ARN that API Gateway authorizes a call against.</para>
    /// <para type="description">
    /// Works out arn:aws:execute-api:region:account:api-id/stage/METHOD/path for a URL with the same reading every
    /// cmdlet uses: the API id and region from an execute-api host (or -ApiId/-Region), the stage from -Stage or
    /// else the URL's first path segment (a warning says so), the account from -AccountId ('*' when not given).
    /// </para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ExecuteApiArn")]
    [OutputType(typeof(ResolvedInvokeArn))]
    public sealed class GetExecuteApiArnCommand : CrossAcctApiCmdlet
    {
        // The parameters that address the resource, read by the one URL resolver.
        private readonly InvokeArnArgument _arn = new InvokeArnArgument();

        private readonly TargetNotes _notes = new TargetNotes();

        /// <summary><para type="description">The URLs of the calls.</para></summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Url")]
        public Uri[] Uri { get; set; } = null!;

        /// <summary><para type="description">The HTTP method. Default GET; ANY or * give an ARN for every method.</para></summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completion.HttpMethodCompleter))]
        public string Method { get; set; } = "GET";

        /// <summary><para type="description">The stage: the first path segment of an execute-api URL. Default $default.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Stage { get => _arn.Stage; set => _arn.Stage = value; }

        /// <summary><para type="description">The 12-digit account that owns the API. Default '*'.</para></summary>
        [Parameter]
        public string? AccountId { get => _arn.AccountId; set => _arn.AccountId = value; }

        /// <summary><para type="description">The API id, for custom domains and loopback servers.</para></summary>
        [Parameter]
        public string? ApiId { get => _arn.ApiId; set => _arn.ApiId = value; }

        /// <summary><para type="description">The region, for hosts that do not name one.</para></summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completion.RegionCompleter))]
        public string? Region { get => _arn.Region; set => _arn.Region = value; }

        /// <summary><para type="description">A custom domain's API mapping key.</para></summary>
        [Parameter]
        public string? BasePath { get => _arn.BasePath; set => _arn.BasePath = value; }

        protected override void Process()
        {
            foreach (Uri uri in Uri ?? Array.Empty<Uri>())
            {
                try
                {
                    ResolvedInvokeArn arn = _arn.Resolve(uri, Method);
                    _notes.Explain(this, arn);
                    WriteObject(arn);
                }
                catch (CrossAcctApiException ex)
                {
                    // One bad URL (from a list or a CSV row) is reported, and the others go on.
                    WriteFailure(ex, uri);
                }
            }
        }
    }
}

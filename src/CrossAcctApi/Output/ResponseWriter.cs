using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CrossAcctApi.Core.Http;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi
{
    /// <summary>
    /// Writes an answer the way Invoke-RestMethod does: JSON as objects (an array item by item), other text as a
    /// string, binary content as bytes; with -AsResponse the whole answer; error statuses as error records with the
    /// diagnosis, unless -SkipHttpErrorCheck.
    /// </summary>
    internal sealed class ResponseWriter
    {
        // PowerShell 7.5 and later print ErrorDetails.RecommendedAction under the error; older hosts (Windows PowerShell
        // among them) do not, so there the action is part of the message.
        private static readonly bool ShowsRecommendedAction = typeof(PSCmdlet).Assembly.GetName().Version >= new Version(7, 5);

        private readonly CrossAcctApiCmdlet _cmdlet;
        private readonly ScriptBlock _fromJson = ScriptBlock.Create("param($text) Microsoft.PowerShell.Utility\\ConvertFrom-Json -InputObject $text");

        public ResponseWriter(CrossAcctApiCmdlet cmdlet) => _cmdlet = cmdlet;

        public bool AsResponse { get; set; }

        public bool SkipHttpErrorCheck { get; set; }

        public string? StatusCodeVariable { get; set; }

        public string? ResponseHeadersVariable { get; set; }

        /// <summary>With -OutFile, also write the answer to the pipeline.</summary>
        public bool PassThru { get; set; }

        public void Write(ApiResponse response)
        {
            _cmdlet.WriteVerbose(response.Method + " " + response.Uri.AbsoluteUri + ": " + response.StatusCode + " " + response.ReasonPhrase + " in "
                + (long)response.Elapsed.TotalMilliseconds + " ms, " + response.Attempts + (response.Attempts == 1 ? " attempt" : " attempts")
                + (response.RequestId is null ? string.Empty : ", request id " + response.RequestId) + ".");
            if (StatusCodeVariable != null)
            {
                _cmdlet.SessionState.PSVariable.Set(StatusCodeVariable, response.StatusCode);
            }

            if (ResponseHeadersVariable != null)
            {
                // Invoke-RestMethod's type: response and content headers, names in any case.
                _cmdlet.SessionState.PSVariable.Set(ResponseHeadersVariable, new Dictionary<string, IEnumerable<string>>(response.Headers.ToDictionary(h => h.Key, h => (IEnumerable<string>)h.Value), StringComparer.OrdinalIgnoreCase));
            }

            if (!response.IsSuccess && !SkipHttpErrorCheck)
            {
                _cmdlet.WriteError(ErrorRecord(response.ToException(), response.Uri));
                return;
            }

            if (response.OutFile != null || (response.Call.OutFile != null && WriteErrorBodyToFile(response)))
            {
                if (!PassThru)
                {
                    if (AsResponse)
                    {
                        _cmdlet.WriteObject(new SignedHttpApiResponse(response, null, null));
                    }

                    return;
                }
            }

            // -PassThru: the answer written to -OutFile is returned as well, read back from the file.
            var content = response.OutFile != null || response.Call.OutFile != null
                ? HttpResponseContent.Read(File.ReadAllBytes(response.OutFile ?? response.Call.OutFile!), response.ContentType)
                : HttpResponseContent.Read(response);
            var isArray = false;
            var parsed = content.IsJson && content.Value is string json ? FromJson(json, out isArray) : null;
            if (AsResponse)
            {
                _cmdlet.WriteObject(new SignedHttpApiResponse(response, content.Value, parsed != null ? (isArray ? parsed.ToArray() : parsed.FirstOrDefault()) : content.Value));
            }
            else if (parsed != null)
            {
                // Like Invoke-RestMethod: a JSON array is written item by item.
                foreach (var item in parsed)
                {
                    _cmdlet.WriteObject(item);
                }
            }
            else if (content.Value != null)
            {
                _cmdlet.WriteObject(content.Value);
            }
        }

        /// <summary>
        /// The error record of a failed call: the diagnosis as message, the recommended action, and the response body
        /// (session token redacted), which Invoke-RestMethod users look for in ErrorDetails.
        /// </summary>
        public static ErrorRecord ErrorRecord(ApiCallException exception, Uri uri)
        {
            var record = ErrorRecordFactory.Create(exception, uri);
            var details = ShowsRecommendedAction ? exception.Message : exception.Message + Environment.NewLine + exception.RecommendedAction;
            var body = exception.ResponseBody;
            if (!string.IsNullOrEmpty(body))
            {
                details += Environment.NewLine + "Response body: " + body;
            }

            record.ErrorDetails = new ErrorDetails(details) { RecommendedAction = exception.RecommendedAction };
            return record;
        }

        /// <summary>With -SkipHttpErrorCheck, an error answer goes to -OutFile too (as with Invoke-RestMethod).</summary>
        private bool WriteErrorBodyToFile(ApiResponse response)
        {
            try
            {
                File.WriteAllBytes(response.Call.OutFile!, response.Body ?? Array.Empty<byte>());
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                _cmdlet.WriteError(ErrorRecordFactory.Create(ApiErrorIds.OutFileNotWritable, Core.FailureKind.InvalidOperation, "The answer could not be written to " + response.Call.OutFile + ": " + ex.Message, response.Call.OutFile, "Check the folder and the file's permissions."));
            }

            return true;
        }

        /// <summary>ConvertFrom-Json's result, or null when the text is not JSON after all (then it is returned as text).</summary>
        private List<object?>? FromJson(string text, out bool isArray)
        {
            isArray = text.TrimStart().StartsWith("[", StringComparison.Ordinal);
            if (PowerShellJson.IsAvailable)
            {
                // The reader behind ConvertFrom-Json, without a nested pipeline per response (the hot path at many calls).
                if (!PowerShellJson.TryRead(text, out var value))
                {
                    return null;
                }

                return isArray && value is object[] elements ? elements.Cast<object?>().ToList() : new List<object?> { value };
            }

            Collection<PSObject> results;
            try
            {
                results = _cmdlet.SessionState.InvokeCommand.InvokeScript(false, _fromJson, null, text);
            }
            catch (RuntimeException)
            {
                return null;
            }

            // Windows PowerShell's ConvertFrom-Json writes a JSON array as one object[]; PowerShell 7 enumerates it.
            return isArray && results.Count == 1 && results[0]?.BaseObject is object[] array
                ? array.Cast<object?>().ToList()
                : results.Cast<object?>().ToList();
        }
    }
}

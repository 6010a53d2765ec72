using System.Collections.Generic;
using System.Management.Automation;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi
{
    /// <summary>
    /// How cmdlets tell the user what they read from a URL: the stage reading (when the stage was not given) and
    /// contradictions as warnings, other assumptions as verbose lines. Each text is written once per command, so a
    /// hundred URLs of the same stage give one warning, not a hundred.
    /// </summary>
    internal sealed class TargetNotes
    {
        private readonly HashSet<string> _written = new HashSet<string>();

        public void Explain(CrossAcctApiCmdlet cmdlet, ResolvedInvokeArn arn)
        {
            arn.UsePhrasing(ParameterPhrasing.Instance);
            cmdlet.WriteVerbose(arn.Arn + ": region " + arn.Region + " from " + arn.RegionOrigin + "; host kind " + arn.HostKind + "; stage " + arn.Stage + " (" + arn.StageSource + ").");
            Warn(cmdlet, arn.StageReading);
            foreach (var assumption in arn.Assumptions)
            {
                if (assumption != arn.StageReading && _written.Add(assumption))
                {
                    cmdlet.WriteVerbose(assumption);
                }
            }

            foreach (var warning in arn.Warnings)
            {
                Warn(cmdlet, warning);
            }
        }

        /// <summary>A stage reading (core text with input markers) as a warning, once per command.</summary>
        public void Warn(Cmdlet cmdlet, string? text)
        {
            if (text != null)
            {
                var rendered = ParameterPhrasing.Render(text);
                if (_written.Add(rendered))
                {
                    cmdlet.WriteWarning(rendered);
                }
            }
        }
    }
}

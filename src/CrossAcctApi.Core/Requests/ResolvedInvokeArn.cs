using System.Collections.Generic;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Requests
{
    /// <summary>
    /// The <c>execute-api:Invoke</c> resource ARN of one call (<see cref="ApiTarget.RequireArn"/>), with its parts and
    /// what was assumed to get it. Its text form is the ARN, so it can be passed wherever an ARN string is expected.
    /// </summary>
    public sealed class ResolvedInvokeArn
    {
        private readonly ApiTarget _target;
        private IPhrasing? _phrasing;

        internal ResolvedInvokeArn(ApiTarget target, ExecuteApiArn arn)
        {
            _target = target;
            ExecuteApiArn = arn;
        }

        /// <summary>The ARN text.</summary>
        public string Arn => ExecuteApiArn.ToString();

        public string Partition => ExecuteApiArn.Partition;

        public string Region => ExecuteApiArn.Region;

        /// <summary>Account A, or <c>*</c> when it was not given.</summary>
        public string AccountId => ExecuteApiArn.AccountId;

        public string ApiId => ExecuteApiArn.ApiId;

        public string Stage => ExecuteApiArn.Stage;

        /// <summary>How the stage was decided: Given, AssumedDefault, NoStageSegment or DomainMapping.</summary>
        public StageSource StageSource => _target.StageSource;

        /// <summary>The method in upper case, or <c>*</c>.</summary>
        public string Method => ExecuteApiArn.Method;

        /// <summary>The path as the ARN holds it: decoded, without the stage and the leading slash.</summary>
        public string Path => ExecuteApiArn.Path;

        /// <summary>True when the ARN names a set of calls (every method, or an unknown account).</summary>
        public bool IsPattern => ExecuteApiArn.IsPattern;

        public InvokeHostKind HostKind => _target.HostKind;

        /// <summary>Where the region came from: "-Region", "the host name", "AWS_REGION"...</summary>
        public string RegionOrigin => Phrasing.Render(_target.Scope.RegionOrigin, _phrasing);

        /// <summary>The stage read from the URL when none was given, in words; null when the stage was given or the URL has none.</summary>
        public string? StageReading => _target.StageReading is null ? null : Phrasing.Render(_target.StageReading, _phrasing);

        /// <summary>What the URL did not say and was assumed (the stage, the region, the account), in words.</summary>
        public IReadOnlyList<string> Assumptions => Render(StageReading is null ? (IEnumerable<string>)_target.Assumptions : Prepend(_target.StageReading!, _target.Assumptions));

        /// <summary>The assumption about the account (one of <see cref="Assumptions"/>), or null when it was given.</summary>
        public string? AccountAssumption => _target.AccountGiven ? null : Render(new[] { _target.Assumptions[_target.Assumptions.Count - 1] })[0];

        /// <summary>Arguments that contradict the URL (a region or API id other than the host's).</summary>
        public IReadOnlyList<string> Warnings => Render(_target.Warnings);

        public ExecuteApiArn ExecuteApiArn { get; }

        /// <summary>How the texts of this result name inputs from now on (the cmdlet layer sets parameter syntax).</summary>
        public void UsePhrasing(IPhrasing phrasing) => _phrasing = phrasing;

        public override string ToString() => Arn;

        private static IEnumerable<string> Prepend(string first, IEnumerable<string> rest)
        {
            yield return first;
            foreach (var item in rest)
            {
                yield return item;
            }
        }

        private IReadOnlyList<string> Render(IEnumerable<string> texts)
        {
            var rendered = new List<string>();
            foreach (var text in texts)
            {
                rendered.Add(Phrasing.Render(text, _phrasing));
            }

            return rendered;
        }
    }
}

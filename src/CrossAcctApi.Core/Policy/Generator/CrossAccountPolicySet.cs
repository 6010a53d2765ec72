using System.Collections.Generic;

namespace CrossAcctApi.Core.Policy.Generator
{
    /// <summary>
    /// The three documents of a cross-account invoke setup, as JSON and parsed: account A's invoke policy (attach
    /// it to the role), account A's trust policy (the role's assume-role policy document) and account B's policy
    /// that lets its principal assume the role. Its warnings and notes name inputs as markers, rendered with the
    /// phrasing of <see cref="UsePhrasing"/> (neutral words until then).
    /// </summary>
    public sealed class CrossAccountPolicySet : IPhrasable
    {
        private readonly IReadOnlyList<string> _warnings;
        private readonly IReadOnlyList<string> _notes;
        private IPhrasing? _phrasing;
        private GeneratedPolicy? _resource;
        private GeneratedPolicy? _directCaller;

        internal CrossAccountPolicySet(
            CrossAccountPolicyRequest request,
            string apiAccountId,
            string callerAccountId,
            string apiId,
            string region,
            string partition,
            string stage,
            string roleArn,
            string trustedPrincipal,
            IReadOnlyList<string> routes,
            IReadOnlyList<string> invokeResources,
            GeneratedPolicy invoke,
            GeneratedPolicy trust,
            GeneratedPolicy caller,
            IReadOnlyList<string> warnings,
            IReadOnlyList<string> notes)
        {
            ApiAccountId = apiAccountId;
            CallerAccountId = callerAccountId;
            ApiId = apiId;
            Region = region;
            Partition = partition;
            Stage = stage;
            RoleName = request.RoleName;
            RoleArn = roleArn;
            TrustedPrincipal = trustedPrincipal;
            ExternalId = request.ExternalId;
            RequireMfa = request.RequireMfa;
            MaxSessionDuration = request.MaxSessionDuration;
            Routes = OutputList<string>.Of(routes);
            InvokeResources = OutputList<string>.Of(invokeResources);
            InvokePolicy = invoke.Json;
            TrustPolicy = trust.Json;
            CallerPolicy = caller.Json;
            InvokePolicyDocument = invoke.Document;
            TrustPolicyDocument = trust.Document;
            CallerPolicyDocument = caller.Document;
            _warnings = warnings;
            _notes = notes;
        }

        public string ApiAccountId { get; }

        public string CallerAccountId { get; }

        public string ApiId { get; }

        public string Region { get; }

        public string Partition { get; }

        public string Stage { get; }

        public string RoleName { get; }

        /// <summary>The role in account A that account B assumes.</summary>
        public string RoleArn { get; }

        /// <summary>The principal the trust policy names: account B's root or the given principal ARN.</summary>
        public string TrustedPrincipal { get; }

        public string? ExternalId { get; }

        public bool RequireMfa { get; }

        /// <summary>The role's maximum session duration in seconds, when one was asked for (set it on the role).</summary>
        public int? MaxSessionDuration { get; }

        /// <summary>The route keys allowed, normalised (method upper-cased).</summary>
        public IReadOnlyList<string> Routes { get; }

        /// <summary>The invoke policy's resource ARNs, one per distinct route.</summary>
        public IReadOnlyList<string> InvokeResources { get; }

        /// <summary>Account A: the role's permissions policy (execute-api:Invoke on the routes).</summary>
        public string InvokePolicy { get; }

        /// <summary>Account A: the role's trust policy (who may assume it).</summary>
        public string TrustPolicy { get; }

        /// <summary>Account B: the caller's permission to assume the role.</summary>
        public string CallerPolicy { get; }

        public PolicyDocument InvokePolicyDocument { get; }

        public PolicyDocument TrustPolicyDocument { get; }

        public PolicyDocument CallerPolicyDocument { get; }

        /// <summary>HttpApi, RestApi, PrivateRestApi or FunctionUrl.</summary>
        public Requests.EndpointKind Kind { get; internal set; }

        /// <summary>The function of a function URL (its ARN in account A); null for APIs.</summary>
        public string? FunctionArn { get; internal set; }

        /// <summary>
        /// The direct route's resource policy (no role): the REST API's resource policy or the function's, naming account
        /// B's principal; null for HTTP APIs, which take no resource policy.
        /// </summary>
        public string? ResourcePolicy => _resource?.Json;

        /// <summary>Account B: the direct route's identity policy (across accounts it must allow too); null for HTTP APIs.</summary>
        public string? DirectCallerPolicy => _directCaller?.Json;

        public PolicyDocument? ResourcePolicyDocument => _resource?.Document;

        public PolicyDocument? DirectCallerPolicyDocument => _directCaller?.Document;

        internal GeneratedPolicy? ResourcePolicyGenerated { set => _resource = value; }

        internal GeneratedPolicy? DirectCallerPolicyGenerated { set => _directCaller = value; }

        /// <summary>Where the policies are broader than asked (a path parameter widened, every route allowed).</summary>
        public IReadOnlyList<string> Warnings => Phrasing.RenderAll(_warnings, _phrasing);

        /// <summary>What a reader of the policies should know (who is trusted, what MFA means cross-account).</summary>
        public IReadOnlyList<string> Notes => Phrasing.RenderAll(_notes, _phrasing);

        /// <summary>How this set's warnings and notes name inputs from now on.</summary>
        public void UsePhrasing(IPhrasing phrasing) => _phrasing = phrasing;

        public override string ToString() => $"{RoleArn} ({InvokeResources.Count} invoke resource(s))";
    }

    /// <summary>A generated document as text and as parsed back (proof that it is valid).</summary>
    internal sealed class GeneratedPolicy
    {
        public GeneratedPolicy(string json, PolicyDocument document)
        {
            Json = json;
            Document = document;
        }

        public string Json { get; }

        public PolicyDocument Document { get; }
    }
}

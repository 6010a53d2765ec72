using System;
using CrossAcctApi.Core.Http;
using CrossAcctApi.Core.Sts;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Access
{
    /// <summary>
    /// One checked access target: the call prepared (URL, region, method validated by <see cref="SignedApiClient.Prepare"/>),
    /// the AssumeRole request for its role (validated by <see cref="AssumeRoleRequest"/>), what is expected, and how to
    /// call. Making one sends nothing, so a bad row is refused before any other row is sent.
    /// </summary>
    public sealed class AccessTarget
    {
        private AccessTarget(PreparedApiCall call, AssumeRoleRequest? role, AccessOutcome expected, AccessProbe probe, string? stage, string roleDisplay)
        {
            Call = call;
            Role = role;
            Expected = expected;
            Probe = probe;
            Stage = stage;
            InvokeArn = call.Target.ResourceArnFor(role?.RoleArn.AccountId);
            Name = call.Method + " " + call.Target.RoutePath + (probe == AccessProbe.Unsigned ? " unsigned" : probe == AccessProbe.Direct ? " directly" : " as " + roleDisplay);
        }

        /// <summary>For example "GET /prod/items as CrossAccountInvoker", "GET /prod/items as AuditReader with external id" or "GET /health unsigned".</summary>
        public string Name { get; }

        public PreparedApiCall Call { get; }

        /// <summary>The role to assume; null for an unsigned probe given no role.</summary>
        public AssumeRoleRequest? Role { get; }

        public AccessOutcome Expected { get; }

        public AccessProbe Probe { get; }

        public string? Stage { get; }

        /// <summary>The invoke ARN the call is authorized against, as the URL (and the role's account) tell; null when nothing names the API.</summary>
        public string? InvokeArn { get; }

        /// <summary>How the stage was read from the URL, when it was not given (input markers).</summary>
        public string? StageReading => Call.Target.StageReading;

        /// <summary>The region STS is called in: the API's (a regional STS endpoint near the API).</summary>
        public string StsRegion => Call.Scope.Region;

        /// <summary>True when the role must be assumed before the call.</summary>
        public bool NeedsRole => Probe == AccessProbe.Signed;

        /// <summary>
        /// Checks <paramref name="input"/> and prepares its call. Throws <see cref="CrossAcctApiException"/> with a
        /// stable ErrorId (InvalidRoleArn, InvalidUri, RegionRequired, InvalidMethod, InvalidExternalId,
        /// InvalidExpectation, InvalidProbe, RoleArnRequired...) for the first problem found.
        /// </summary>
        /// <param name="sessionName">The role session name the user chose for the run, or null for <paramref name="defaultSessionName"/>.</param>
        /// <param name="defaultSessionName">The engine's default session name (see <see cref="RoleSessionProvider.DefaultSessionName"/>).</param>
        public static AccessTarget Create(AccessTargetInput input, SignedApiClient client, ApiCallOptions options, string? sessionName, string defaultSessionName, int? durationSeconds = null)
        {
            if (input is null)
            {
                throw new ArgumentNullException(nameof(input));
            }

            if (client is null)
            {
                throw new ArgumentNullException(nameof(client));
            }

            var probe = ParseProbe(Given(input.Probe));
            var roleArn = probe == AccessProbe.Direct ? null : Given(input.RoleArn);
            AssumeRoleRequest? role = null;
            if (roleArn != null)
            {
                role = new AssumeRoleRequest(roleArn, sessionName, durationSeconds, Given(input.ExternalId), defaultSessionName: defaultSessionName);
            }
            else if (probe == AccessProbe.Signed)
            {
                throw new CrossAcctApiException(
                    AccessErrorIds.RoleArnRequired,
                    FailureKind.InvalidArgument,
                    "No role ARN was given for the signed check of " + (Given(input.Uri) ?? "(no URL)") + ": a signed call is made as an assumed role.",
                    Given(input.Uri))
                {
                    RecommendedAction = "Pass {@RoleArn} (or a RoleArn column) with the role in the API's account, set {@Probe} to Direct to call as yourself (a REST API's or function's resource policy), or to Unsigned to check that the route refuses unsigned calls.",
                };
            }

            var expected = ParseExpectation(Given(input.Expect), probe);
            var stage = Given(input.Stage);
            var request = new ApiRequest(ParseUri(input.Uri), Given(input.Method) ?? "GET")
            {
                Region = Given(input.Region),
                Stage = stage,
                EndpointKind = ParseKind(Given(input.EndpointKind)),
                FunctionArn = Given(input.FunctionArn),
            };
            var call = client.Prepare(request, options);
            // The external id is a shared secret: the name says that one was given, never what it is.
            var roleDisplay = role is null ? string.Empty : role.RoleArn.RoleName + (role.ExternalId != null ? " with external id" : string.Empty);
            return new AccessTarget(call, role, expected, probe, stage, roleDisplay);
        }

        public override string ToString() => Name + " (expect " + Expected + ")";

        internal static AccessOutcome ParseExpectation(string? text, AccessProbe probe)
        {
            if (text is null)
            {
                // An unsigned call should be refused; a signed one is usually written to prove access.
                return probe == AccessProbe.Unsigned ? AccessOutcome.Denied : AccessOutcome.Allowed;
            }

            switch (text.Trim().ToLowerInvariant())
            {
                case "allowed":
                case "allow":
                    return AccessOutcome.Allowed;
                case "denied":
                case "deny":
                    return AccessOutcome.Denied;
                default:
                    throw new CrossAcctApiException(
                        AccessErrorIds.InvalidExpectation,
                        FailureKind.InvalidArgument,
                        "'" + Printable(text) + "' is not an expectation: a check expects Allowed or Denied.",
                        Printable(text))
                    {
                        RecommendedAction = "Set {@Expect} to Allowed (the call must succeed) or Denied (it must be refused).",
                    };
            }
        }

        internal static AccessProbe ParseProbe(string? text)
        {
            if (text is null)
            {
                return AccessProbe.Signed;
            }

            switch (text.Trim().ToLowerInvariant())
            {
                case "signed":
                    return AccessProbe.Signed;
                case "unsigned":
                    return AccessProbe.Unsigned;
                case "direct":
                    return AccessProbe.Direct;
                default:
                    throw new CrossAcctApiException(
                        AccessErrorIds.InvalidProbe,
                        FailureKind.InvalidArgument,
                        "'" + Printable(text) + "' is not a probe: a check calls the API Signed (as the role), Direct (as the caller, no role) or Unsigned.",
                        Printable(text))
                    {
                        RecommendedAction = "Set {@Probe} to Signed (the default), Direct or Unsigned.",
                    };
            }
        }

        internal static EndpointKind? ParseKind(string? text)
        {
            if (text is null)
            {
                return null;
            }

            if (Enum.TryParse<EndpointKind>(text, ignoreCase: true, out var kind) && Enum.IsDefined(typeof(EndpointKind), kind))
            {
                return kind;
            }

            throw new CrossAcctApiException(
                RequestErrors.EndpointKindMismatch,
                FailureKind.InvalidArgument,
                "'" + Printable(text) + "' is not an endpoint kind: HttpApi, RestApi, PrivateRestApi or FunctionUrl.",
                Printable(text))
            {
                RecommendedAction = "Set {@EndpointKind} to one of HttpApi, RestApi, PrivateRestApi, FunctionUrl, or leave it out to read it from the URL.",
            };
        }

        private static Uri ParseUri(string? text)
        {
            // The endpoint parser has the wording (and the care not to echo a user:password@) for every bad URL.
            return ApiEndpoint.Parse(text).Uri;
        }


        private static string? Given(string? text) => string.IsNullOrWhiteSpace(text) ? null : text!.Trim();

        private static string Printable(string text)
        {
            var shown = text.Length > 64 ? text.Substring(0, 64) + "..." : text;
            var chars = shown.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (char.IsControl(chars[i]))
                {
                    chars[i] = '?';
                }
            }

            return new string(chars);
        }
    }
}

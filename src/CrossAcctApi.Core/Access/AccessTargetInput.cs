namespace CrossAcctApi.Core.Access
{
    /// <summary>
    /// One access check as the user wrote it (a CSV row, an object, the command line): text only, checked by
    /// <see cref="AccessTarget.Create"/>. Empty strings count as "not given", because that is what an empty CSV cell is.
    /// </summary>
    public sealed class AccessTargetInput
    {
        /// <summary>The role to assume in the API's account; not needed for an unsigned probe.</summary>
        public string? RoleArn { get; set; }

        public string? Uri { get; set; }

        /// <summary>Default GET.</summary>
        public string? Method { get; set; }

        /// <summary>Allowed or Denied (Allow and Deny too); default Allowed for a signed call, Denied for an unsigned probe.</summary>
        public string? Expect { get; set; }

        public string? ExternalId { get; set; }

        /// <summary>The stage the URL addresses ($default for none), which makes the invoke ARN exact.</summary>
        public string? Stage { get; set; }

        /// <summary>The region to sign for; read from execute-api host names (or AWS_REGION) when not given.</summary>
        public string? Region { get; set; }

        /// <summary>Signed (default, as the role), Direct (as the caller itself, no role) or Unsigned.</summary>
        public string? Probe { get; set; }

        /// <summary>HttpApi, RestApi, PrivateRestApi or FunctionUrl; read from the URL when not given.</summary>
        public string? EndpointKind { get; set; }

        /// <summary>A function URL's function (ARN or name), which the URL does not name.</summary>
        public string? FunctionArn { get; set; }
    }
}

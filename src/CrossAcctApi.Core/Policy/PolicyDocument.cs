using System;
using System.Collections.Generic;
using System.Text.Json;

namespace CrossAcctApi.Core.Policy
{
    /// <summary>
    /// An IAM policy document (identity, session, trust or other resource policy), parsed strictly: what IAM
    /// would reject as malformed is rejected here too, with a message that says which element is wrong.
    /// </summary>
    public sealed class PolicyDocument
    {
        /// <summary>The current policy language version; only it enables policy variables.</summary>
        public const string Version2012 = "2012-10-17";

        /// <summary>The legacy version; policy variables are literal text in it.</summary>
        public const string Version2008 = "2008-10-17";

        internal PolicyDocument(string? version, string? id, IReadOnlyList<PolicyStatement> statements, string json)
        {
            Version = version;
            Id = id;
            Statements = statements;
            Json = json;
        }

        public string? Version { get; }

        public string? Id { get; }

        public IReadOnlyList<PolicyStatement> Statements { get; }

        /// <summary>The document text as given.</summary>
        public string Json { get; }

        /// <summary>True when <c>${...}</c> in resources and condition values are policy variables (Version 2012-10-17).</summary>
        public bool SupportsPolicyVariables => Version == Version2012;

        /// <summary>
        /// Parses a policy document. Throws <see cref="CrossAcctApiException"/> with ErrorId
        /// <c>InvalidPolicyDocument</c> (InvalidArgument) when the text is not valid JSON or not a valid policy.
        /// </summary>
        public static PolicyDocument Parse(string json) => PolicyDocumentParser.Parse(json);

        /// <summary>Like <see cref="Parse"/>, but returns false and the reason instead of throwing.</summary>
        public static bool TryParse(string? json, out PolicyDocument? document, out string? error)
        {
            try
            {
                document = PolicyDocumentParser.Parse(json!);
                error = null;
                return true;
            }
            catch (CrossAcctApiException ex)
            {
                document = null;
                error = ex.Message;
                return false;
            }
        }

        public override string ToString() => $"PolicyDocument({Statements.Count} statement(s){(Id == null ? string.Empty : ", Id " + Id)})";
    }
}

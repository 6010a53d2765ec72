using System.Globalization;
using System.Text;
using System.Xml;

namespace CrossAcctApi.Sandbox.Sts;

/// <summary>Writes STS's Query-protocol XML: the response envelope and the ErrorResponse.</summary>
internal static class StsXml
{
    public const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    /// <summary>
    /// Writes <c>&lt;{Action}Response&gt;&lt;{Action}Result&gt;...&lt;/{Action}Result&gt;&lt;ResponseMetadata/&gt;&lt;/{Action}Response&gt;</c>;
    /// <paramref name="writeResult"/> fills the Result element.
    /// </summary>
    public static string Response(string action, string requestId, Action<XmlWriter> writeResult)
    {
        return Write(writer =>
        {
            writer.WriteStartElement(action + "Response", Namespace);
            writer.WriteStartElement(action + "Result", Namespace);
            writeResult(writer);
            writer.WriteEndElement();
            writer.WriteStartElement("ResponseMetadata", Namespace);
            writer.WriteElementString("RequestId", Namespace, requestId);
            writer.WriteEndElement();
            writer.WriteEndElement();
        });
    }

    public static string Error(StsError error, string requestId)
    {
        return Write(writer =>
        {
            writer.WriteStartElement("ErrorResponse", Namespace);
            writer.WriteStartElement("Error", Namespace);
            writer.WriteElementString("Type", Namespace, error.Type);
            writer.WriteElementString("Code", Namespace, error.Code);
            writer.WriteElementString("Message", Namespace, error.Message);
            writer.WriteEndElement();
            writer.WriteElementString("RequestId", Namespace, requestId);
            writer.WriteEndElement();
        });
    }

    /// <summary>The AssumedRoleUser and Credentials elements of a session, as every AssumeRole* answer has them.</summary>
    public static void WriteSession(XmlWriter writer, Identity.IssuedSession session)
    {
        writer.WriteStartElement("AssumedRoleUser", Namespace);
        writer.WriteElementString("AssumedRoleId", Namespace, session.AssumedRoleId);
        writer.WriteElementString("Arn", Namespace, session.AssumedRoleArn);
        writer.WriteEndElement();
        writer.WriteStartElement("Credentials", Namespace);
        writer.WriteElementString("AccessKeyId", Namespace, session.AccessKeyId);
        writer.WriteElementString("SecretAccessKey", Namespace, session.SecretAccessKey);
        writer.WriteElementString("SessionToken", Namespace, session.SessionToken);
        writer.WriteElementString("Expiration", Namespace, Timestamp(session.Expiration));
        writer.WriteEndElement();
    }

    /// <summary>ISO 8601 with seconds and Z, as STS writes Expiration.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Write(Action<XmlWriter> body)
    {
        var builder = new StringBuilder();
        var settings = new XmlWriterSettings { OmitXmlDeclaration = true, Indent = true, Encoding = new UTF8Encoding(false) };
        using (var writer = XmlWriter.Create(builder, settings))
        {
            body(writer);
        }

        return builder.ToString();
    }
}

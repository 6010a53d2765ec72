using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CrossAcctApi.Sandbox.ExecuteApi;

/// <summary>A placeholder's value: a string, JSON null, or a JSON fragment (the request body).</summary>
internal sealed class TemplateValue
{
    private TemplateValue(string? text, JsonElement? json)
    {
        Text = text;
        Json = json;
    }

    public string? Text { get; }

    public JsonElement? Json { get; }

    public static TemplateValue Null { get; } = new(null, null);

    public static TemplateValue Of(string? text) => text == null ? Null : new TemplateValue(text, null);

    public static TemplateValue OfJson(JsonElement json) => new(json.GetRawText(), json.Clone());
}

/// <summary>
/// Renders a route's canned JSON body: a string that is exactly one placeholder (<c>"${caller.arn}"</c>)
/// becomes that value with its JSON type (null for an anonymous caller, an object for a JSON request
/// body); placeholders inside longer strings are replaced by their text. Unknown placeholders stay as written.
/// </summary>
internal static class ResponseTemplate
{
    private static readonly Regex Placeholder = new(@"\$\{([A-Za-z0-9_.\-]+)\}", RegexOptions.CultureInvariant);

    public static byte[] Render(JsonElement body, Func<string, TemplateValue?> resolve)
    {
        if (body.ValueKind == JsonValueKind.Undefined) return Array.Empty<byte>();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, body, resolve);
        }

        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element, Func<string, TemplateValue?> resolve)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value, resolve);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) Write(writer, item, resolve);
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                WriteString(writer, element.GetString()!, resolve);
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static void WriteString(Utf8JsonWriter writer, string text, Func<string, TemplateValue?> resolve)
    {
        var whole = Placeholder.Match(text);
        if (whole.Success && whole.Length == text.Length && resolve(whole.Groups[1].Value) is { } value)
        {
            if (value.Json is { } json) json.WriteTo(writer);
            else if (value.Text == null) writer.WriteNullValue();
            else writer.WriteStringValue(value.Text);
            return;
        }

        writer.WriteStringValue(Placeholder.Replace(text, m => resolve(m.Groups[1].Value) is { } v ? v.Text ?? string.Empty : m.Value));
    }

    /// <summary>The request body as a placeholder value: parsed JSON when it is JSON, else its text, null when empty.</summary>
    public static TemplateValue BodyValue(byte[] body)
    {
        if (body.Length == 0) return TemplateValue.Null;
        try
        {
            using var document = JsonDocument.Parse(body);
            return TemplateValue.OfJson(document.RootElement);
        }
        catch (JsonException)
        {
            return TemplateValue.Of(Encoding.UTF8.GetString(body));
        }
    }
}

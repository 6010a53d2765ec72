using System.Text.Json;

namespace CrossAcctApi.Sandbox.Scenario;

/// <summary>Reads scenario JSON (the embedded default or a file) into a <see cref="ScenarioDefinition"/>.</summary>
public static class ScenarioLoader
{
    public const string InvalidScenarioErrorId = "InvalidScenario";
    private const string DefaultResourceName = "CrossAcctApi.Sandbox.Scenario.default-scenario.json";

    /// <summary>The built-in scenario's JSON, exactly as embedded (what <c>--print-default-scenario</c> prints).</summary>
    public static string DefaultScenarioJson()
    {
        using var stream = typeof(ScenarioLoader).Assembly.GetManifestResourceStream(DefaultResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {DefaultResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static ScenarioDefinition Default() => Parse(DefaultScenarioJson(), "(built-in default scenario)");

    public static ScenarioDefinition LoadFile(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException($"Cannot read the scenario file '{path}': {e.Message}", e);
        }

        return Parse(json, path);
    }

    public static ScenarioDefinition Parse(string json, string source = "(scenario)")
    {
        try
        {
            return JsonSerializer.Deserialize<ScenarioDefinition>(json, StrictJson.Options)
                ?? throw new ScenarioException($"The scenario {source} is JSON null.");
        }
        catch (JsonException e)
        {
            throw new ScenarioException($"The scenario {source} is not valid scenario JSON at {e.Path ?? "$"} (line {e.LineNumber + 1}): {e.Message}", e);
        }
    }
}

namespace CrossAcctApi.Sandbox.Scenario;

/// <summary>A scenario the sandbox cannot serve: unreadable, not scenario JSON, or describing an invalid world.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>A stable id for the failure, printed by the command line as <c>error [InvalidScenario]: ...</c>.</summary>
    public string ErrorId => ScenarioLoader.InvalidScenarioErrorId;
}

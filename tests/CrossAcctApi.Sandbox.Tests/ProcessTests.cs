using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using CrossAcctApi.Sandbox.Scenario;

namespace CrossAcctApi.Sandbox.Tests;

/// <summary>The command-line contract: first stdout line, --print-default-scenario, exit codes, SIGTERM.</summary>
public sealed class ProcessTests
{
    private static readonly string SandboxDll = Path.Combine(AppContext.BaseDirectory, "CrossAcctApi.Sandbox.dll");
    private static readonly Regex ListeningLine = new(@"^CrossAcctApi sandbox listening on http://127\.0\.0\.1:(\d+)$");

    [Fact]
    public async Task The_first_line_gives_the_port_and_SIGTERM_stops_it_cleanly()
    {
        using var process = Start("--port", "0");
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
            var match = ListeningLine.Match(line ?? string.Empty);
            Assert.True(match.Success, $"first line was '{line}'");
            var port = int.Parse(match.Groups[1].Value);

            using var http = new HttpClient();
            var health = await http.GetAsync($"http://127.0.0.1:{port}/_aws/execute-api/a1b2c3d4e5/prod/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);

            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(0, Kill(process.Id, 15));
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
                Assert.Equal(0, process.ExitCode);

                // Nothing else was written to stdout: logging stays off unless --verbose.
                Assert.Equal(string.Empty, (await process.StandardOutput.ReadToEndAsync()).Trim());
            }
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }

    [Fact]
    public async Task Verbose_logging_goes_to_stderr_without_query_strings_or_headers()
    {
        using var process = Start("--port", "0", "--verbose");
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
            var port = int.Parse(ListeningLine.Match(line ?? string.Empty).Groups[1].Value);

            const string secretLooking = "X-Amz-Security-Token=SessionTokenThatMustNotBeLogged";
            using var http = new HttpClient();
            var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/_aws/execute-api/a1b2c3d4e5/prod/items?X-Amz-Signature=abcdef&{secretLooking}");
            request.Headers.TryAddWithoutValidation("x-amz-security-token", "HeaderTokenThatMustNotBeLogged");
            await http.SendAsync(request);
            await http.GetAsync($"http://127.0.0.1:{port}/_sandbox/stats");

            process.Kill();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            var log = await process.StandardError.ReadToEndAsync();
            Assert.Contains("GET /_aws/execute-api/a1b2c3d4e5/prod/items -> 403", log);
            Assert.DoesNotContain("MustNotBeLogged", log);
            Assert.DoesNotContain("abcdef", log);
            Assert.Equal(string.Empty, (await process.StandardOutput.ReadToEndAsync()).Trim());
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }

    [Fact]
    public async Task Verbose_logging_never_prints_a_web_identity_SSO_or_container_token()
    {
        using var process = Start("--port", "0", "--verbose");
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
            var baseUri = $"http://127.0.0.1:{int.Parse(ListeningLine.Match(line ?? string.Empty).Groups[1].Value)}";
            using var http = new HttpClient();
            async Task<System.Text.Json.JsonElement> PostAsync(string path, string json) =>
                System.Text.Json.JsonDocument.Parse(await (await http.PostAsync(baseUri + path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync()).RootElement;

            var jwt = (await PostAsync("/_sandbox/oidc/token", """{"sub": "repo:acme/items:ref:refs/heads/main"}""")).GetProperty("token").GetString()!;
            var sts = await (await http.GetAsync($"{baseUri}/?Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn:aws:iam::222222222222:role/CiDeployer&RoleSessionName=ci&WebIdentityToken={jwt}")).Content.ReadAsStringAsync();
            var accessToken = (await PostAsync("/_sandbox/sso/token", """{"userName": "alice"}""")).GetProperty("accessToken").GetString()!;
            var sso = new HttpRequestMessage(HttpMethod.Get, $"{baseUri}/federation/credentials?role_name=ItemsReader&account_id=111111111111");
            sso.Headers.Add("x-amz-sso_bearer_token", accessToken);
            var ssoAnswer = await (await http.SendAsync(sso)).Content.ReadAsStringAsync();
            var container = new HttpRequestMessage(HttpMethod.Get, $"{baseUri}/v2/credentials/items-pod");
            container.Headers.TryAddWithoutValidation("Authorization", "sandbox-container-authorization-token");
            var containerAnswer = await (await http.SendAsync(container)).Content.ReadAsStringAsync();

            process.Kill();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            var log = await process.StandardError.ReadToEndAsync();
            Assert.Contains("<AssumedRoleUser>", sts);
            Assert.Contains("GET / -> 200", log);
            Assert.Contains("GET /federation/credentials -> 200", log);
            Assert.Contains("GET /v2/credentials/items-pod -> 200", log);
            Assert.DoesNotContain(jwt.Split('.')[1], log);
            Assert.DoesNotContain(accessToken, log);
            Assert.DoesNotContain("sandbox-container-authorization-token", log);
            Assert.DoesNotContain(System.Text.Json.JsonDocument.Parse(ssoAnswer).RootElement.GetProperty("roleCredentials").GetProperty("secretAccessKey").GetString()!, log);
            Assert.DoesNotContain(System.Text.Json.JsonDocument.Parse(containerAnswer).RootElement.GetProperty("Token").GetString()!, log);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }

    [Fact]
    public async Task It_prints_the_default_scenario()
    {
        using var process = Start("--print-default-scenario");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(ScenarioLoader.DefaultScenarioJson(), output);
    }

    [Fact]
    public async Task A_bad_argument_is_exit_code_2_with_usage_on_stderr()
    {
        using var process = Start("--port", "banana");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--port needs a number", error);
        Assert.Contains("Usage:", error);
    }

    [Fact]
    public async Task An_invalid_scenario_file_is_exit_code_2_naming_the_problem()
    {
        var file = Path.Combine(Path.GetTempPath(), $"sandbox-bad-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{"accounts":[{"id":"12"}]}""");
        try
        {
            using var process = Start("--scenario", file);
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(2, process.ExitCode);
            Assert.Contains("[InvalidScenario]", error);
            Assert.Contains("accounts[0].id '12' is not a 12-digit account id", error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static Process Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(SandboxDll);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

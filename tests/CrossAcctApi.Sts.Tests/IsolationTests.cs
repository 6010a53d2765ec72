using System.Reflection;
using System.Runtime.Loader;
using CrossAcctApi.Isolation;

namespace CrossAcctApi.Sts.Tests;

public sealed class IsolationTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "isolation-tests-" + Guid.NewGuid().ToString("N"));

    public IsolationTests()
    {
        Directory.CreateDirectory(_directory);
        // The module's own AWSSDK.Core and CrossAcctApi.Sts, as build.ps1 lays them out in Dependencies/.
        foreach (var name in new[] { "AWSSDK.Core", "AWSSDK.SecurityToken", "CrossAcctApi.Sts" })
        {
            string source = Path.Combine(AppContext.BaseDirectory, name + ".dll");
            File.Copy(source, Path.Combine(_directory, name + ".dll"));
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Theory]
    [InlineData("CrossAcctApi.Sts", true)]
    [InlineData("AWSSDK.Core", true)]
    [InlineData("AWSSDK.SecurityToken", true)]
    [InlineData("AWSSDKX", false)]
    [InlineData("CrossAcctApi.Core", false)]
    [InlineData("System.Text.Json", false)]
    public void Isolates_only_the_named_assemblies(string name, bool isolated)
    {
        var policy = new IsolationPolicy(_directory, new[] { "CrossAcctApi.Sts", "AWSSDK." }, new[] { typeof(Core.CrossAcctApiException).Assembly });
        Assert.Equal(isolated, policy.IsIsolated(name));
    }

    [Theory]
    [InlineData("../AWSSDK.Core")]
    [InlineData("..")]
    [InlineData("sub/AWSSDK.Core")]
    public void Never_resolves_outside_the_dependency_folder(string name)
    {
        var policy = new IsolationPolicy(_directory, new[] { "AWSSDK." }, Array.Empty<Assembly>());
        Assert.Null(policy.FindInDependencyDirectory(name));
    }

    [Fact]
    public void Loads_the_component_in_a_private_context_and_shares_the_core()
    {
        Assembly core = typeof(Core.CrossAcctApiException).Assembly;
        Assembly component = IsolatedAssemblyLoader.Load(_directory, "CrossAcctApi.Sts", new[] { "CrossAcctApi.Sts", "AWSSDK." }, new[] { core });
        Assert.Equal("CrossAcctApi.Dependencies", AssemblyLoadContext.GetLoadContext(component)!.Name);

        var services = (Core.Sts.IStsServices)Activator.CreateInstance(component.GetType("CrossAcctApi.Sts.AwsSdkStsServices", throwOnError: true)!)!;
        Assert.NotNull(services.RoleAssumer);

        // Its AWSSDK.Core is its own copy, not the one this test process loaded (asked of its context: the component
        // loads the AWS SDK only when a call first needs it).
        Assembly isolatedSdk = AssemblyLoadContext.GetLoadContext(component)!.LoadFromAssemblyName(new AssemblyName("AWSSDK.Core"));
        Assert.NotSame(typeof(Amazon.Runtime.AWSCredentials).Assembly, isolatedSdk);
        Assert.StartsWith(Path.GetFullPath(_directory), isolatedSdk.Location);

        // Loading again through the same folder reuses the context.
        Assert.Same(component, IsolatedAssemblyLoader.Load(_directory, "CrossAcctApi.Sts", new[] { "CrossAcctApi.Sts", "AWSSDK." }, new[] { core }));
    }
}

using System.Reflection;
using CrossAcctApi.Core.Credentials;
using Xunit;

namespace CrossAcctApi.Core.Tests.Architecture;

/// <summary>The engine's shape, checked on the compiled assembly: no namespace cycles, no PowerShell, no AWS SDK.</summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Core = typeof(AwsCredential).Assembly;

    [Fact]
    public void Core_namespaces_form_no_cycle()
    {
        var graph = NamespaceGraph.Of(Core);
        var cycles = graph.Cycles();
        var explained = cycles.Select(cycle => cycle + Environment.NewLine + "    " + string.Join(Environment.NewLine + "    ", Steps(graph, cycle)));
        Assert.True(cycles.Count == 0, "Namespace cycles in CrossAcctApi.Core:" + Environment.NewLine + string.Join(Environment.NewLine, explained));
    }

    [Fact]
    public void Core_references_neither_PowerShell_nor_the_AWS_SDK()
    {
        var references = Core.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(references, name => name.StartsWith("System.Management.Automation", StringComparison.Ordinal));
        Assert.DoesNotContain(references, name => name.StartsWith("AWSSDK", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_the_signer_spells_out_an_Authorization_value()
    {
        // Signed header names come with the signing output; code that looks for "SignedHeaders=" or "Signature="
        // outside the signer is reading an Authorization value back apart.
        var readers = IlInstructions.StringLiterals(Core)
            .Where(l => l.Type.Namespace != "CrossAcctApi.Core.Signing" && (l.Literal.Contains("SignedHeaders=", StringComparison.Ordinal) || l.Literal.Contains("Signature=", StringComparison.Ordinal)))
            .Select(l => l.Type.FullName + ": \"" + l.Literal + "\"")
            .Distinct()
            .ToList();
        Assert.True(readers.Count == 0, "Authorization parsed outside the signer:" + Environment.NewLine + string.Join(Environment.NewLine, readers));
        Assert.Contains(IlInstructions.StringLiterals(Core), l => l.Literal.Contains("Signature=", StringComparison.Ordinal));
    }

    [Fact]
    public void The_graph_reader_finds_a_planted_cycle()
    {
        // The cycle detector must be able to fail: this test assembly's own Architecture.Planted namespaces use each other.
        var graph = NamespaceGraph.Of(typeof(Planted.Left.A).Assembly);
        Assert.Contains(graph.Cycles(), c => c.Contains("Planted.Left", StringComparison.Ordinal) && c.Contains("Planted.Right", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Steps(NamespaceGraph graph, string cycle)
    {
        var nodes = cycle.Split(" -> ");
        for (var i = 0; i + 1 < nodes.Length; i++)
        {
            yield return nodes[i] + " uses " + nodes[i + 1] + ": " + graph.Edges[nodes[i]][nodes[i + 1]];
        }
    }
}

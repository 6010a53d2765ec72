using System.Reflection;
using System.Reflection.Emit;

namespace CrossAcctApi.Core.Tests.Architecture;

/// <summary>
/// Which namespaces of an assembly use which others, read from the compiled code itself: base types, interfaces,
/// member signatures, attributes and every type, method and field a method body names (IL operands). Source-level
/// `using` lists would miss fully qualified names and over-count unused imports; the IL does neither.
/// Compiler-generated types (closures, async state machines) count for the namespace of the type they serve.
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly Assembly _assembly;
    private readonly Dictionary<string, Dictionary<string, string>> _edges = new(StringComparer.Ordinal);

    private NamespaceGraph(Assembly assembly) => _assembly = assembly;

    /// <summary>For each namespace, the namespaces it uses, each with one example of the use ("Type.Member -> Type").</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>> Edges => _edges;

    public static NamespaceGraph Of(Assembly assembly)
    {
        var graph = new NamespaceGraph(assembly);
        foreach (var type in assembly.GetTypes())
        {
            graph.AddType(type);
        }

        return graph;
    }

    /// <summary>Every cycle, each as the namespaces along it ("A -> B -> A"), found by a depth-first search.</summary>
    public IReadOnlyList<string> Cycles()
    {
        var cycles = new List<string>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        foreach (var start in _edges.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            Visit(start, state, path, cycles);
        }

        return cycles;
    }

    private void Visit(string node, Dictionary<string, int> state, List<string> path, List<string> cycles)
    {
        state.TryGetValue(node, out var mark);
        if (mark == 2)
        {
            return;
        }

        if (mark == 1)
        {
            var from = path.IndexOf(node);
            cycles.Add(string.Join(" -> ", path.Skip(from).Append(node)));
            return;
        }

        state[node] = 1;
        path.Add(node);
        if (_edges.TryGetValue(node, out var targets))
        {
            foreach (var target in targets.Keys.OrderBy(k => k, StringComparer.Ordinal))
            {
                Visit(target, state, path, cycles);
            }
        }

        path.RemoveAt(path.Count - 1);
        state[node] = 2;
    }

    private static string NamespaceOf(Type type)
    {
        while (type.DeclaringType != null)
        {
            type = type.DeclaringType;
        }

        return type.Namespace ?? "(global)";
    }

    private void AddType(Type type)
    {
        var from = NamespaceOf(type);
        var where = type.Name;
        Use(from, type.BaseType, where + " base");
        foreach (var face in type.GetInterfaces())
        {
            Use(from, face, where + " implements");
        }

        foreach (var attribute in type.GetCustomAttributesData())
        {
            Use(from, attribute.AttributeType, where + " attribute");
        }

        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var field in type.GetFields(all))
        {
            Use(from, field.FieldType, where + "." + field.Name);
        }

        foreach (var property in type.GetProperties(all))
        {
            Use(from, property.PropertyType, where + "." + property.Name);
        }

        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            var at = where + "." + method.Name;
            if (method is MethodInfo info)
            {
                Use(from, info.ReturnType, at);
            }

            foreach (var parameter in method.GetParameters())
            {
                Use(from, parameter.ParameterType, at);
            }

            AddBody(from, method, at);
        }
    }

    private void AddBody(string from, MethodBase method, string at)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            return;
        }

        var typeArgs = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        foreach (var (operand, position) in IlInstructions.Operands(il))
        {
            if (operand is OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod or OperandType.InlineField)
            {
                UseToken(from, method.Module, BitConverter.ToInt32(il, position), typeArgs, methodArgs, at);
            }
        }
    }

    private void UseToken(string from, Module module, int token, Type[]? typeArgs, Type[]? methodArgs, string at)
    {
        MemberInfo? member;
        try
        {
            member = module.ResolveMember(token, typeArgs, methodArgs);
        }
        catch (ArgumentException)
        {
            return;
        }

        switch (member)
        {
            case Type type:
                Use(from, type, at);
                break;
            case MethodBase called:
                Use(from, called.DeclaringType, at + " calls " + called.Name);
                if (called is MethodInfo { IsGenericMethod: true } generic)
                {
                    foreach (var argument in generic.GetGenericArguments())
                    {
                        Use(from, argument, at);
                    }
                }

                break;
            case FieldInfo field:
                Use(from, field.DeclaringType, at + " reads " + field.Name);
                break;
        }
    }

    private void Use(string from, Type? type, string where)
    {
        if (type is null)
        {
            return;
        }

        if (type.HasElementType)
        {
            Use(from, type.GetElementType(), where);
            return;
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                Use(from, argument, where);
            }

            type = type.GetGenericTypeDefinition();
        }

        if (type.IsGenericParameter || type.Assembly != _assembly)
        {
            return;
        }

        var to = NamespaceOf(type);
        if (to == from)
        {
            return;
        }

        if (!_edges.TryGetValue(from, out var targets))
        {
            targets = new Dictionary<string, string>(StringComparer.Ordinal);
            _edges[from] = targets;
        }

        targets.TryAdd(to, where + " -> " + type.Name);
    }

}

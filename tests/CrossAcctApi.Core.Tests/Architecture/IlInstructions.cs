using System.Reflection;
using System.Reflection.Emit;

namespace CrossAcctApi.Core.Tests.Architecture;

/// <summary>Walks a method body's IL instruction by instruction, for tests that read what compiled code names.</summary>
internal static class IlInstructions
{
    private static readonly Dictionary<short, OperandType> OperandTypes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    /// <summary>Each instruction's operand type and where its operand starts in <paramref name="il"/>.</summary>
    public static IEnumerable<(OperandType Operand, int Position)> Operands(byte[] il)
    {
        var position = 0;
        while (position < il.Length)
        {
            short code = il[position++];
            if (code == 0xFE)
            {
                code = unchecked((short)(0xFE00 | il[position++]));
            }

            var operand = OperandTypes[code];
            yield return (operand, position);
            position += operand == OperandType.InlineSwitch ? 4 + (4 * BitConverter.ToInt32(il, position)) : OperandSize(operand);
        }
    }

    /// <summary>The string literals (ldstr) of every method and constructor of every type in <paramref name="assembly"/>, with the type that holds them.</summary>
    public static IEnumerable<(Type Type, string Literal)> StringLiterals(Assembly assembly)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                var il = method.GetMethodBody()?.GetILAsByteArray();
                foreach (var (operand, position) in il is null ? Enumerable.Empty<(OperandType, int)>() : Operands(il))
                {
                    if (operand == OperandType.InlineString)
                    {
                        yield return (type, method.Module.ResolveString(BitConverter.ToInt32(il!, position)));
                    }
                }
            }
        }
    }

    private static int OperandSize(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };
}

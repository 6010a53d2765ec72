using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace CrossAcctApi.Benchmarks;

/// <summary>
/// Calls every [Benchmark] method once, with its class's [GlobalSetup]/[GlobalCleanup] and [IterationSetup]/
/// [IterationCleanup] around it and the first value of any [Params]/[Arguments], without BenchmarkDotNet's
/// measurement. Exit code 0 when everything ran, 1 otherwise.
/// </summary>
internal static class SmokeRunner
{
    public static int Run(Assembly assembly, TextWriter output)
    {
        var failures = 0;
        var ran = 0;
        var classes = assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.IsPublic && BenchmarkMethods(t).Any())
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

        foreach (var type in classes)
        {
            object instance;
            try
            {
                instance = Activator.CreateInstance(type)!;
                ApplyFirstParams(type, instance);
                InvokeAll(type, instance, typeof(GlobalSetupAttribute));
            }
            catch (Exception error)
            {
                failures++;
                output.WriteLine($"FAIL {type.Name} setup: {Unwrap(error)}");
                continue;
            }

            foreach (var method in BenchmarkMethods(type))
            {
                try
                {
                    InvokeAll(type, instance, typeof(IterationSetupAttribute));
                    var result = method.Invoke(instance, FirstArguments(method));
                    if (result is Task task)
                    {
                        task.GetAwaiter().GetResult();
                    }

                    InvokeAll(type, instance, typeof(IterationCleanupAttribute));
                    ran++;
                    output.WriteLine($"ok   {type.Name}.{method.Name}");
                }
                catch (Exception error)
                {
                    failures++;
                    output.WriteLine($"FAIL {type.Name}.{method.Name}: {Unwrap(error)}");
                }
            }

            try
            {
                InvokeAll(type, instance, typeof(GlobalCleanupAttribute));
            }
            catch (Exception error)
            {
                failures++;
                output.WriteLine($"FAIL {type.Name} cleanup: {Unwrap(error)}");
            }
        }

        output.WriteLine($"smoke: {ran} benchmark methods ran, {failures} failed");
        return failures == 0 && ran > 0 ? 0 : 1;
    }

    private static IEnumerable<MethodInfo> BenchmarkMethods(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() != null)
            .OrderBy(m => m.Name, StringComparer.Ordinal);

    private static void InvokeAll(Type type, object instance, Type attribute)
    {
        foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.IsDefined(attribute)))
        {
            if (method.Invoke(instance, null) is Task task)
            {
                task.GetAwaiter().GetResult();
            }
        }
    }

    private static void ApplyFirstParams(Type type, object instance)
    {
        foreach (var member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance))
        {
            var values = member.GetCustomAttribute<ParamsAttribute>()?.Values;
            if (values == null || values.Length == 0)
            {
                continue;
            }

            switch (member)
            {
                case PropertyInfo property:
                    property.SetValue(instance, values[0]);
                    break;
                case FieldInfo field:
                    field.SetValue(instance, values[0]);
                    break;
            }
        }
    }

    private static object?[]? FirstArguments(MethodInfo method) =>
        method.GetParameters().Length == 0 ? null : method.GetCustomAttributes<ArgumentsAttribute>().First().Values;

    private static string Unwrap(Exception error) =>
        (error is TargetInvocationException { InnerException: { } inner } ? inner : error).ToString();
}

// Two namespaces that use each other, so that the cycle detector is seen to work (ArchitectureTests).
namespace CrossAcctApi.Core.Tests.Architecture.Planted.Left
{
    internal sealed class A
    {
        public static int Size() => Right.B.Count + 1;
    }
}

namespace CrossAcctApi.Core.Tests.Architecture.Planted.Right
{
    internal sealed class B
    {
        public static int Count => 1;

        public static Left.A? Make() => null;
    }
}

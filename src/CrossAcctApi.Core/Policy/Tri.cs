namespace CrossAcctApi.Core.Policy
{
    /// <summary>Three-valued logic for offline evaluation: a part of a statement holds, fails, or cannot be decided.</summary>
    internal enum Tri
    {
        False,
        True,
        Unknown,
    }

    internal static class TriLogic
    {
        public static Tri From(bool value) => value ? Tri.True : Tri.False;

        public static Tri Not(Tri value) => value == Tri.Unknown ? Tri.Unknown : value == Tri.True ? Tri.False : Tri.True;

        /// <summary>Kleene AND: any False wins, then any Unknown.</summary>
        public static Tri And(Tri a, Tri b) =>
            a == Tri.False || b == Tri.False ? Tri.False : a == Tri.Unknown || b == Tri.Unknown ? Tri.Unknown : Tri.True;

        /// <summary>Kleene OR: any True wins, then any Unknown.</summary>
        public static Tri Or(Tri a, Tri b) =>
            a == Tri.True || b == Tri.True ? Tri.True : a == Tri.Unknown || b == Tri.Unknown ? Tri.Unknown : Tri.False;
    }
}

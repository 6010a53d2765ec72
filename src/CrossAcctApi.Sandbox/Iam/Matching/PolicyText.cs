namespace CrossAcctApi.Sandbox.Iam.Matching;

/// <summary>One character of a policy string after variables are resolved: literal, or the wildcard '*' or '?'.</summary>
internal readonly record struct PatternChar(char Value, bool IsWildcard)
{
    public bool IsStar => IsWildcard && Value == '*';

    public bool IsAnyOne => IsWildcard && Value == '?';
}

/// <summary>Where policy variables get their values: the request's context keys.</summary>
internal interface IVariableSource
{
    /// <summary>The single value of a context key, or null when the request lacks it or it has several values.</summary>
    string? SingleValue(string key);
}

/// <summary>
/// A string from a policy, read once when the policy is loaded: literal text, the wildcards '*' and '?', and (in
/// policies of version 2012-10-17) policy variables such as <c>${aws:username}</c>, <c>${aws:PrincipalTag/team, 'none'}</c>
/// and the escapes <c>${*}</c>, <c>${?}</c>, <c>${$}</c> (IAM User Guide, "IAM policy elements: Variables and tags").
/// A variable's value is literal text: a '*' in a user's tag is not a wildcard.
/// </summary>
internal sealed class PolicyText
{
    private readonly Piece[] _pieces;
    private readonly PatternChar[]? _fixed;

    private PolicyText(string text, Piece[] pieces)
    {
        Text = text;
        _pieces = pieces;
        if (!pieces.Any(p => p.Kind == PieceKind.Variable)) _fixed = Concatenate(pieces, null)!;
    }

    private enum PieceKind
    {
        Literal,
        Wildcard,
        Variable,
    }

    /// <summary>The string as written in the policy.</summary>
    public string Text { get; }

    public bool HasVariables => _fixed == null;

    /// <summary>True when the string is exactly one '*' wildcard, which matches anything.</summary>
    public bool IsLoneStar => _fixed is [{ IsStar: true }];

    public static PolicyText Parse(string text, bool variablesEnabled)
    {
        var pieces = new List<Piece>();
        var literal = new System.Text.StringBuilder();
        void FlushLiteral()
        {
            if (literal.Length == 0) return;
            pieces.Add(new Piece(PieceKind.Literal, literal.ToString(), null));
            literal.Clear();
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '*' or '?')
            {
                FlushLiteral();
                pieces.Add(new Piece(PieceKind.Wildcard, c.ToString(), null));
                continue;
            }

            var close = variablesEnabled && c == '$' && i + 1 < text.Length && text[i + 1] == '{' ? text.IndexOf('}', i + 2) : -1;
            if (close < 0)
            {
                literal.Append(c);
                continue;
            }

            var inside = text.Substring(i + 2, close - i - 2);
            i = close;
            if (inside is "*" or "?" or "$")
            {
                literal.Append(inside);
                continue;
            }

            FlushLiteral();
            pieces.Add(ReadVariable(inside));
        }

        FlushLiteral();
        return new PolicyText(text, pieces.ToArray());
    }

    /// <summary>The characters to match with, variables replaced; null when a variable has no value and no default.</summary>
    public PatternChar[]? Resolve(IVariableSource variables) => _fixed ?? Concatenate(_pieces, variables);

    public override string ToString() => Text;

    // "${key}" or "${key, 'default'}": the default is single-quoted after a comma.
    private static Piece ReadVariable(string inside)
    {
        var comma = inside.IndexOf(',');
        if (comma < 0) return new Piece(PieceKind.Variable, inside.Trim(), null);
        var fallback = inside.Substring(comma + 1).Trim();
        var quoted = fallback.Length >= 2 && fallback[0] == '\'' && fallback[^1] == '\'';
        return new Piece(PieceKind.Variable, inside.Substring(0, comma).Trim(), quoted ? fallback[1..^1] : fallback);
    }

    private static PatternChar[]? Concatenate(Piece[] pieces, IVariableSource? variables)
    {
        var chars = new List<PatternChar>();
        foreach (var piece in pieces)
        {
            switch (piece.Kind)
            {
                case PieceKind.Wildcard:
                    chars.Add(new PatternChar(piece.Text[0], true));
                    break;
                case PieceKind.Literal:
                    foreach (var c in piece.Text) chars.Add(new PatternChar(c, false));
                    break;
                default:
                    var value = variables!.SingleValue(piece.Text) ?? piece.Default;
                    if (value == null) return null;
                    foreach (var c in value) chars.Add(new PatternChar(c, false));
                    break;
            }
        }

        return chars.ToArray();
    }

    private sealed record Piece(PieceKind Kind, string Text, string? Default);
}

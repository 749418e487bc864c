namespace Sharpen.Tokenization.Templates.Syntax;

/// <summary>
/// Expression nodes (a closed hierarchy, Jinja's <c>nodes.Expr</c> subset). Each node keeps the source offset it
/// started at, so runtime errors can name a line and column.
/// </summary>
internal abstract record Expr(int Position)
{
    /// <summary>A literal: string, long, double, bool or null (Python None).</summary>
    public sealed record Const(object? Value, int Position) : Expr(Position);

    public sealed record Name(string Identifier, int Position) : Expr(Position);

    public sealed record ListLiteral(IReadOnlyList<Expr> Items, int Position) : Expr(Position);

    public sealed record TupleLiteral(IReadOnlyList<Expr> Items, int Position) : Expr(Position);

    public sealed record DictLiteral(IReadOnlyList<(Expr Key, Expr Value)> Items, int Position) : Expr(Position);

    /// <summary><c>obj.name</c>: attribute first, then item (Jinja's <c>getattr</c>).</summary>
    public sealed record GetAttr(Expr Target, string Attribute, int Position) : Expr(Position);

    /// <summary><c>obj[key]</c>: item first, then attribute (Jinja's <c>getitem</c>).</summary>
    public sealed record GetItem(Expr Target, Expr Key, int Position) : Expr(Position);

    /// <summary><c>start:stop:step</c> inside brackets.</summary>
    public sealed record Slice(Expr? Start, Expr? Stop, Expr? Step, int Position) : Expr(Position);

    public sealed record Call(Expr Callee, Arguments Arguments, int Position) : Expr(Position);

    /// <summary><c>operand | name(args)</c>; Operand is null inside a filter block, where the body is the operand.</summary>
    public sealed record Filter(Expr? Operand, string FilterName, Arguments Arguments, int Position) : Expr(Position);

    /// <summary><c>operand is [not] name(args)</c>.</summary>
    public sealed record Test(Expr Operand, string TestName, Arguments Arguments, bool Negated, int Position) : Expr(Position);

    /// <summary>Unary <c>-</c> or <c>+</c>.</summary>
    public sealed record Unary(string Operator, Expr Operand, int Position) : Expr(Position);

    /// <summary>Arithmetic and concatenation: <c>+ - * / // % ** ~</c>.</summary>
    public sealed record Binary(string Operator, Expr Left, Expr Right, int Position) : Expr(Position);

    /// <summary>A (possibly chained) comparison: <c>a &lt; b &lt;= c</c>, <c>in</c>, <c>not in</c>.</summary>
    public sealed record Compare(Expr First, IReadOnlyList<(string Operator, Expr Operand)> Rest, int Position) : Expr(Position);

    public sealed record And(Expr Left, Expr Right, int Position) : Expr(Position);

    public sealed record Or(Expr Left, Expr Right, int Position) : Expr(Position);

    public sealed record Not(Expr Operand, int Position) : Expr(Position);

    /// <summary><c>then if test else otherwise</c>; without else, a false test gives Undefined.</summary>
    public sealed record Conditional(Expr Condition, Expr Then, Expr? Otherwise, int Position) : Expr(Position);
}

/// <summary>Call arguments: positional then keyword (<c>name=value</c>).</summary>
internal sealed record Arguments(IReadOnlyList<Expr> Positional, IReadOnlyList<(string Name, Expr Value)> Keyword)
{
    public static Arguments None { get; } = new([], []);
}

namespace Sharpen.Tokenization.Templates.Syntax;

/// <summary>Statement nodes: template text, output, and the block tags chat templates use.</summary>
internal abstract record Stmt(int Position)
{
    public sealed record Text(string Value, int Position) : Stmt(Position);

    /// <summary><c>{{ expr }}</c>.</summary>
    public sealed record Output(Expr Value, int Position) : Stmt(Position);

    public sealed record If(IReadOnlyList<(Expr Test, IReadOnlyList<Stmt> Body)> Branches, IReadOnlyList<Stmt>? Else, int Position) : Stmt(Position);

    public sealed record For(AssignTarget Target, Expr Iterable, Expr? Condition, IReadOnlyList<Stmt> Body, IReadOnlyList<Stmt>? Else, bool Recursive, int Position) : Stmt(Position);

    /// <summary><c>{% set target = value %}</c>.</summary>
    public sealed record Set(AssignTarget Target, Expr Value, int Position) : Stmt(Position);

    /// <summary><c>{% set name | filters %}body{% endset %}</c>: the rendered body, filtered.</summary>
    public sealed record SetBlock(AssignTarget Target, IReadOnlyList<Expr.Filter> Filters, IReadOnlyList<Stmt> Body, int Position) : Stmt(Position);

    public sealed record Macro(string Name, IReadOnlyList<(string Name, Expr? Default)> Parameters, IReadOnlyList<Stmt> Body, int Position) : Stmt(Position);

    /// <summary><c>{% call(params) macro(args) %}body{% endcall %}</c>: the macro sees the body as <c>caller()</c>.</summary>
    public sealed record CallBlock(Expr.Call Call, IReadOnlyList<(string Name, Expr? Default)> Parameters, IReadOnlyList<Stmt> Body, int Position) : Stmt(Position);

    /// <summary><c>{% filter name %}body{% endfilter %}</c>.</summary>
    public sealed record FilterBlock(IReadOnlyList<Expr.Filter> Filters, IReadOnlyList<Stmt> Body, int Position) : Stmt(Position);

    /// <summary>transformers' <c>{% generation %}</c>: marks assistant text for loss masks; renders its body.</summary>
    public sealed record Generation(IReadOnlyList<Stmt> Body, int Position) : Stmt(Position);

    public sealed record Break(int Position) : Stmt(Position);

    public sealed record Continue(int Position) : Stmt(Position);
}

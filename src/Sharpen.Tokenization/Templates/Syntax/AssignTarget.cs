namespace Sharpen.Tokenization.Templates.Syntax;

/// <summary>What a <c>set</c> or <c>for</c> assigns to: a name, a namespace attribute, or a tuple of targets.</summary>
internal abstract record AssignTarget(int Position)
{
    public sealed record Name(string Identifier, int Position) : AssignTarget(Position);

    /// <summary><c>ns.attr</c> where <c>ns</c> is a <c>namespace()</c>.</summary>
    public sealed record NamespaceAttribute(string Namespace, string Attribute, int Position) : AssignTarget(Position);

    public sealed record Tuple(IReadOnlyList<AssignTarget> Items, int Position) : AssignTarget(Position);
}

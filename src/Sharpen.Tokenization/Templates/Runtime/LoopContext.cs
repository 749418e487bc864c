namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>The <c>loop</c> variable inside a for loop (index, first/last, previtem/nextitem, cycle...).</summary>
internal sealed class LoopContext(IReadOnlyList<object?> items, int index)
{
    public int Index0 { get; } = index;

    public int Length => items.Count;

    public object? GetAttribute(string name) => name switch
    {
        "index" => (long)(Index0 + 1),
        "index0" => (long)Index0,
        "revindex" => (long)(Length - Index0),
        "revindex0" => (long)(Length - Index0 - 1),
        "first" => Index0 == 0,
        "last" => Index0 == Length - 1,
        "length" => (long)Length,
        "depth" => 1L,
        "depth0" => 0L,
        "previtem" => Index0 > 0 ? items[Index0 - 1] : Undefined.WithHint("there is no previous item"),
        "nextitem" => Index0 < Length - 1 ? items[Index0 + 1] : Undefined.WithHint("there is no next item"),
        "cycle" => new BoundMethod(this, "cycle"),
        _ => Undefined.Attribute(this, name),
    };

    /// <summary><c>loop.cycle(a, b, ...)</c>: the argument at the current index modulo the argument count.</summary>
    public object? Cycle(CallArguments args)
    {
        if (args.Positional.Count == 0)
        {
            throw TemplateError.Type("no items for cycling given");
        }

        return args.Positional[Index0 % args.Positional.Count];
    }

    public override string ToString() => $"<LoopContext {Index0 + 1}/{Length}>";
}

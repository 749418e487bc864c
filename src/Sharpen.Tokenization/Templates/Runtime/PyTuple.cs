namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>A Python tuple: like a list, but prints as <c>(a, b)</c> and never equals a list.</summary>
internal sealed class PyTuple(IReadOnlyList<object?> items)
{
    public IReadOnlyList<object?> Items { get; } = items;
}

namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>
/// A Python generator, which is what Jinja's <c>map</c>, <c>select</c>, <c>reject</c>, <c>selectattr</c>,
/// <c>rejectattr</c>, <c>unique</c> and <c>items</c> filters return: it can be iterated once, is always truthy, has no
/// length and is not JSON-serialisable until passed through <c>list</c> (templates that forget <c>| list</c> fail the
/// same way they fail under transformers).
/// </summary>
internal sealed class LazySequence(IEnumerable<object?> source, string origin)
{
    private IEnumerable<object?>? _source = source;

    /// <summary>The filter that produced it, for the printed form.</summary>
    public string Origin { get; } = origin;

    /// <summary>Iterates the remaining items; a second pass yields nothing, as with a Python generator.</summary>
    public IEnumerable<object?> Consume()
    {
        var source = _source;
        _source = null;
        return source ?? [];
    }
}

namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>
/// A variable frame. Jinja scoping: each for-loop iteration and each macro call gets a fresh child frame (so a
/// <c>set</c> inside a loop does not survive the iteration), <c>if</c> blocks share their parent's frame, and macros
/// resolve free names in the frame where they were defined.
/// </summary>
internal sealed class Scope(Scope? parent)
{
    private readonly Dictionary<string, object?> _variables = new(StringComparer.Ordinal);

    public bool TryGet(string name, out object? value)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope._variables.TryGetValue(name, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }

    public Scope? Parent { get; } = parent;

    public void Set(string name, object? value) => _variables[name] = value;

    /// <summary>Whether this frame itself (not a parent) holds <paramref name="name"/>.</summary>
    public bool TryGetLocal(string name) => _variables.ContainsKey(name);
}

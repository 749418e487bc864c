namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>
/// Jinja's default <c>Undefined</c>: what a missing variable, attribute or element evaluates to. It prints as the
/// empty string, is falsy, iterates as empty and has length 0 (so <c>is defined</c> checks and <c>default</c> work),
/// but reading an attribute or item of it, calling it, or doing arithmetic with it raises an error carrying
/// <see cref="Message"/> (for example <c>'x' is undefined</c> or <c>'dict object' has no attribute 'y'</c>).
/// </summary>
internal sealed class Undefined
{
    private Undefined(string message) => Message = message;

    public string Message { get; }

    public static Undefined Named(string name) => new($"'{name}' is undefined");

    public static Undefined Attribute(object? owner, string name) =>
        new($"{PyValues.Repr(ObjectTypeRepr(owner))} has no attribute {PyValues.Repr(name)}");

    public static Undefined Element(object? owner, object? key) =>
        new($"{ObjectTypeRepr(owner)} has no element {PyValues.Repr(key)}");

    public static Undefined WithHint(string hint) => new(hint);

    public TemplateError Fail() => new(ChatTemplateErrorKind.Runtime, Message);

    private static string ObjectTypeRepr(object? owner) =>
        owner is null ? "None" : $"{PyValues.TypeName(owner)} object";

    public override string ToString() => "";
}

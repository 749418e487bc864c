namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>A method read off a value (<c>'a b'.split</c>, <c>message.get</c>, <c>loop.cycle</c>), called later.</summary>
internal sealed class BoundMethod(object target, string name) : ICallable
{
    public object Target { get; } = target;

    public string Name { get; } = name;

    public object? Invoke(TemplateInterpreter interpreter, CallArguments arguments) => Target switch
    {
        string s => StringMethods.Call(s, Name, arguments),
        Markup m => StringMethods.CallOnMarkup(m, Name, arguments),
        LoopContext loop => loop.Cycle(arguments),
        _ => CollectionMethods.Call(Target, Name, arguments),
    };

    public override string ToString() => $"<built-in method {Name} of {PyValues.TypeName(Target)} object>";
}

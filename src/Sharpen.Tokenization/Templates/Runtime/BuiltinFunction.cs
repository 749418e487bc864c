namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>A global function (<c>range</c>, <c>namespace</c>, <c>raise_exception</c>, <c>strftime_now</c>...).</summary>
internal sealed class BuiltinFunction(string name, Func<TemplateInterpreter, CallArguments, object?> body) : ICallable
{
    public string Name { get; } = name;

    public object? Invoke(TemplateInterpreter interpreter, CallArguments arguments) => body(interpreter, arguments);

    public override string ToString() => $"<built-in function {Name}>";
}

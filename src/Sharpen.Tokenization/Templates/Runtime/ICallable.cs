namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>Something a template can call: a macro, a global function, or a bound method of a value.</summary>
internal interface ICallable
{
    object? Invoke(TemplateInterpreter interpreter, CallArguments arguments);
}

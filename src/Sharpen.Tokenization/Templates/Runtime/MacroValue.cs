using Sharpen.Tokenization.Templates.Syntax;

namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>
/// A <c>{% macro %}</c> (or a call block's body, passed to the macro as the <c>caller</c> keyword): parameters with
/// defaults, a body, and its defining scope.
/// </summary>
internal sealed class MacroValue(string name, IReadOnlyList<(string Name, Expr? Default)> parameters, IReadOnlyList<Stmt> body, Scope definingScope) : ICallable
{
    public string Name { get; } = name;

    public object? Invoke(TemplateInterpreter interpreter, CallArguments arguments)
    {
        var scope = new Scope(definingScope);
        var extraPositional = new List<object?>();
        for (var i = 0; i < arguments.Positional.Count; i++)
        {
            if (i < parameters.Count)
            {
                scope.Set(parameters[i].Name, arguments.Positional[i]);
            }
            else
            {
                extraPositional.Add(arguments.Positional[i]);
            }
        }

        var extraKeywords = new Dictionary<string, object?>();
        foreach (var (key, value) in arguments.Keyword)
        {
            var index = -1;
            for (var p = 0; p < parameters.Count; p++)
            {
                if (parameters[p].Name == key)
                {
                    index = p;
                }
            }

            if (index < 0 && key == "caller" && value is MacroValue callBlockBody)
            {
                scope.Set("caller", callBlockBody);
            }
            else if (index < 0)
            {
                extraKeywords[key] = value;
            }
            else if (index < arguments.Positional.Count)
            {
                throw TemplateError.Type($"macro '{Name}' got multiple values for argument '{key}'");
            }
            else
            {
                scope.Set(key, value);
            }
        }

        scope.Set("varargs", extraPositional);
        scope.Set("kwargs", extraKeywords);
        foreach (var (parameter, defaultValue) in parameters)
        {
            if (!scope.TryGetLocal(parameter))
            {
                scope.Set(parameter, defaultValue is null ? Undefined.Named(parameter) : interpreter.Evaluate(defaultValue, scope));
            }
        }

        return interpreter.RenderBody(body, scope);
    }

    public override string ToString() => $"<Macro '{Name}'>";
}

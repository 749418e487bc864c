namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>Jinja's built-in tests (<c>x is defined</c>, <c>x is string</c>, <c>n is even</c>...), with Python's type rules.</summary>
internal static class BuiltinTests
{
    private static readonly HashSet<string> s_names =
    [
        "boolean", "callable", "defined", "divisibleby", "eq", "equalto", "==", "escaped", "even", "false", "float",
        "ge", ">=", "gt", ">", "greaterthan", "in", "integer", "iterable", "le", "<=", "lower", "lt", "<", "lessthan",
        "mapping", "ne", "!=", "none", "number", "odd", "sameas", "sequence", "string", "true", "undefined", "upper",
        "filter", "test",
    ];

    public static bool Exists(string name) => s_names.Contains(name);

    public static bool Apply(string name, object? value, CallArguments args)
    {
        object? Arg() => args.Bind(name, ["other"], CallArguments.Required)[0];
        switch (name)
        {
            case "defined": return value is not Undefined;
            case "undefined": return value is Undefined;
            case "none": return value is null;
            case "boolean": return value is bool;
            case "true": return value is true;
            case "false": return value is false;
            case "string": return PyValues.IsString(value);
            case "number": return PyValues.IsNumber(value);
            case "integer": return value is long;
            case "float": return value is double;
            case "mapping": return value is Dictionary<string, object?>;
            case "iterable": return PyValues.IsIterable(value);
            case "sequence": return value is string or Markup or List<object?> or PyTuple or Dictionary<string, object?> or Undefined;
            case "callable": return value is ICallable;
            case "escaped": return value is Markup;
            case "lower": return PyValues.AsString(value) is { } lower && PyText.Lower(lower) == lower && lower.Any(char.IsLetter);
            case "upper": return PyValues.AsString(value) is { } upper && PyText.Upper(upper) == upper && upper.Any(char.IsLetter);
            case "even": return PyValues.ToLong(RequireInteger(value, name)) % 2 == 0;
            case "odd": return PyValues.ToLong(RequireInteger(value, name)) % 2 != 0;
            case "divisibleby":
                var divisor = PyValues.ToLong(RequireInteger(Arg(), name));
                return divisor != 0 ? PyValues.ToLong(RequireInteger(value, name)) % divisor == 0 : throw TemplateError.Runtime("integer division or modulo by zero");
            case "eq" or "equalto" or "==": return PyValues.Equal(value, Arg());
            case "ne" or "!=": return !PyValues.Equal(value, Arg());
            case "lt" or "<" or "lessthan": return PyValues.Compare(value, Arg(), "<") < 0;
            case "le" or "<=": return PyValues.Compare(value, Arg(), "<=") <= 0;
            case "gt" or ">" or "greaterthan": return PyValues.Compare(value, Arg(), ">") > 0;
            case "ge" or ">=": return PyValues.Compare(value, Arg(), ">=") >= 0;
            case "in": return PyValues.Contains(Arg(), value);
            case "sameas": return ReferenceEquals(value, Arg()) || (value is null && Arg() is null) || (value is bool b && Arg() is bool o && b == o);
            case "filter": return PyValues.AsString(value) is { } filter && BuiltinFilters.Exists(filter);
            case "test": return PyValues.AsString(value) is { } test && Exists(test);
            default: throw TemplateError.Runtime($"No test named '{name}'.");
        }
    }

    private static object? RequireInteger(object? value, string test) =>
        PyValues.IsIntegral(value) ? value : value is Undefined u ? throw u.Fail() : throw TemplateError.Type($"test '{test}' needs an integer, got '{PyValues.TypeName(value)}'");
}

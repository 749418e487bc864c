namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>Evaluated call arguments, with Python-style binding to a parameter list.</summary>
internal sealed class CallArguments(List<object?> positional, List<KeyValuePair<string, object?>> keyword)
{
    /// <summary>Marks a required parameter in <see cref="Bind"/>'s defaults.</summary>
    public static readonly object Required = new();

    public static CallArguments Empty => new([], []);

    public List<object?> Positional { get; } = positional;

    public List<KeyValuePair<string, object?>> Keyword { get; } = keyword;

    /// <summary>
    /// Binds the arguments to <paramref name="names"/> (positional first, then by keyword), filling
    /// <paramref name="defaults"/>; too many arguments, unknown keywords and missing required ones are errors.
    /// </summary>
    public object?[] Bind(string callable, string[] names, params object?[] defaults)
    {
        if (Positional.Count > names.Length)
        {
            throw TemplateError.Type($"{callable}() takes at most {names.Length} argument(s) ({Positional.Count} given)");
        }

        var values = new object?[names.Length];
        var set = new bool[names.Length];
        for (var i = 0; i < Positional.Count; i++)
        {
            values[i] = Positional[i];
            set[i] = true;
        }

        foreach (var (key, value) in Keyword)
        {
            var index = Array.IndexOf(names, key);
            if (index < 0)
            {
                throw TemplateError.Type($"{callable}() got an unexpected keyword argument '{key}'");
            }

            if (set[index])
            {
                throw TemplateError.Type($"{callable}() got multiple values for argument '{key}'");
            }

            values[index] = value;
            set[index] = true;
        }

        for (var i = 0; i < names.Length; i++)
        {
            if (set[i])
            {
                continue;
            }

            var fallback = i < defaults.Length ? defaults[i] : Required;
            if (ReferenceEquals(fallback, Required))
            {
                throw TemplateError.Type($"{callable}() missing required argument '{names[i]}'");
            }

            values[i] = fallback;
        }

        return values;
    }
}

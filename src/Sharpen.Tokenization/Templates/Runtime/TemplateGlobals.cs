namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>
/// The global functions a chat template can call: Jinja's <c>range</c>, <c>namespace</c> and <c>dict</c>, plus the two
/// transformers adds, <c>raise_exception(message)</c> and <c>strftime_now(format)</c> (reading the injected clock,
/// never the machine's directly, so renders are reproducible).
/// </summary>
internal static class TemplateGlobals
{
    private const int MaxRange = 100_000;

    public static Scope Create(TimeProvider clock)
    {
        var scope = new Scope(null);
        scope.Set("range", new BuiltinFunction("range", (_, args) => Range(args)));
        scope.Set("namespace", new BuiltinFunction("namespace", (_, args) => new TemplateNamespace(KeywordDictionary(args, "namespace"))));
        scope.Set("dict", new BuiltinFunction("dict", (_, args) => KeywordDictionary(args, "dict")));
        scope.Set("raise_exception", new BuiltinFunction("raise_exception", (_, args) =>
        {
            var message = args.Bind("raise_exception", ["message"], CallArguments.Required)[0];
            throw new TemplateError(ChatTemplateErrorKind.Raised, PyValues.ToStr(message));
        }));
        scope.Set("strftime_now", new BuiltinFunction("strftime_now", (_, args) =>
        {
            var format = args.Bind("strftime_now", ["format"], CallArguments.Required)[0];
            return Strftime.Format(clock.GetLocalNow(), PyValues.ToStr(format));
        }));
        return scope;
    }

    private static List<object?> Range(CallArguments args)
    {
        if (args.Keyword.Count > 0 || args.Positional.Count is 0 or > 3)
        {
            throw TemplateError.Type("range expected 1 to 3 positional arguments");
        }

        var values = args.Positional.Select(PyValues.ToLong).ToArray();
        var (start, stop, step) = values.Length switch
        {
            1 => (0L, values[0], 1L),
            2 => (values[0], values[1], 1L),
            _ => (values[0], values[1], values[2]),
        };
        if (step == 0)
        {
            throw TemplateError.Runtime("range() arg 3 must not be zero");
        }

        var result = new List<object?>();
        for (var i = start; step > 0 ? i < stop : i > stop; i += step)
        {
            if (result.Count >= MaxRange)
            {
                throw TemplateError.Runtime($"range() is limited to {MaxRange} items in templates");
            }

            result.Add(i);
        }

        return result;
    }

    private static Dictionary<string, object?> KeywordDictionary(CallArguments args, string function)
    {
        var result = new Dictionary<string, object?>();
        if (args.Positional.Count > 1)
        {
            throw TemplateError.Type($"{function}() expected at most 1 positional argument, got {args.Positional.Count}");
        }

        if (args.Positional.Count == 1)
        {
            switch (args.Positional[0])
            {
                case Dictionary<string, object?> source:
                    foreach (var (key, value) in source)
                    {
                        result[key] = value;
                    }

                    break;
                case var pairs:
                    foreach (var pair in PyValues.Iterate(pairs))
                    {
                        var kv = PyValues.ToList(pair);
                        if (kv.Count != 2 || PyValues.AsString(kv[0]) is not { } key)
                        {
                            throw TemplateError.Type($"{function}() needs a mapping or (str, value) pairs");
                        }

                        result[key] = kv[1];
                    }

                    break;
            }
        }

        foreach (var (key, value) in args.Keyword)
        {
            result[key] = value;
        }

        return result;
    }
}

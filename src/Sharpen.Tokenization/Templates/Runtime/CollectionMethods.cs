namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>
/// Methods of dicts (<c>items</c>, <c>keys</c>, <c>values</c>, <c>get</c>) and lists/tuples (<c>index</c>,
/// <c>count</c>). Mutating methods (<c>append</c>, <c>pop</c>, <c>update</c>...) are absent on purpose: transformers
/// renders in Jinja's immutable sandbox, where they are refused.
/// </summary>
internal static class CollectionMethods
{
    public static bool IsDictMethod(string name) => name is "items" or "keys" or "values" or "get" or "copy";

    public static bool IsSequenceMethod(string name) => name is "index" or "count";

    public static object? Call(object target, string name, CallArguments args)
    {
        switch (target)
        {
            case Dictionary<string, object?> dict:
                switch (name)
                {
                    case "items":
                        args.Bind(name, []);
                        return dict.Select(kv => (object?)new PyTuple([kv.Key, kv.Value])).ToList();
                    case "keys":
                        args.Bind(name, []);
                        return dict.Keys.Cast<object?>().ToList();
                    case "values":
                        args.Bind(name, []);
                        return dict.Values.ToList();
                    case "copy":
                        args.Bind(name, []);
                        return new Dictionary<string, object?>(dict);
                    case "get":
                        var a = args.Bind(name, ["key", "default"], CallArguments.Required, null);
                        return PyValues.AsString(a[0]) is { } key && dict.TryGetValue(key, out var value) ? value : a[1];
                }

                break;
            case List<object?> or PyTuple:
                var items = target is PyTuple t ? t.Items : (List<object?>)target;
                var item = args.Bind(name, ["value"], CallArguments.Required)[0];
                if (name == "count")
                {
                    return (long)items.Count(x => PyValues.Equal(x, item));
                }

                for (var i = 0; i < items.Count; i++)
                {
                    if (PyValues.Equal(items[i], item))
                    {
                        return (long)i;
                    }
                }

                throw TemplateError.Runtime($"{PyValues.Repr(item)} is not in list");
        }

        throw TemplateError.Runtime($"'{PyValues.TypeName(target)}' object has no method '{name}'");
    }
}

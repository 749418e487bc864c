using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>
/// Jinja's built-in filters that chat templates use, with Jinja 3.1's signatures and Python's behaviour (for example
/// <c>trim</c> of None gives "None", <c>map</c>/<c>select</c> return generators, <c>tojson</c> is transformers'
/// <c>json.dumps(ensure_ascii=False)</c>). Filters Jinja has but Sharpen does not (format, truncate, groupby,
/// urlize, wordwrap, xmlattr, random...) are rejected when the template is parsed.
/// </summary>
internal static partial class BuiltinFilters
{
    private static readonly HashSet<string> s_names =
    [
        "abs", "attr", "batch", "capitalize", "center", "count", "d", "default", "dictsort", "e", "escape", "first",
        "float", "forceescape", "indent", "int", "items", "join", "last", "length", "list", "lower", "map", "max", "min",
        "reject", "rejectattr", "replace", "reverse", "round", "safe", "select", "selectattr", "sort", "string", "sum",
        "title", "tojson", "trim", "unique", "upper", "wordcount",
    ];

    public static bool Exists(string name) => s_names.Contains(name);

    public static object? Apply(string name, object? value, CallArguments args)
    {
        switch (name)
        {
            case "default" or "d":
            {
                var a = args.Bind(name, ["default_value", "boolean"], "", false);
                return value is Undefined || (PyValues.IsTruthy(a[1]) && !PyValues.IsTruthy(value)) ? a[0] : value;
            }

            case "trim":
            {
                var chars = args.Bind(name, ["chars"], [null])[0];
                return KeepMarkup(value, PyText.Strip(SoftStr(value), chars is null ? null : PyValues.ToStr(chars)));
            }

            case "upper": args.Bind(name, []); return KeepMarkup(value, PyText.Upper(SoftStr(value)));
            case "lower": args.Bind(name, []); return KeepMarkup(value, PyText.Lower(SoftStr(value)));
            case "capitalize": args.Bind(name, []); return KeepMarkup(value, PyText.Capitalize(SoftStr(value)));
            case "title": args.Bind(name, []); return KeepMarkup(value, JinjaTitle(SoftStr(value)));
            case "string": args.Bind(name, []); return value is Markup ? value : SoftStr(value);
            case "safe": args.Bind(name, []); return value is Markup ? value : new Markup(PyValues.ToStr(value));
            case "escape" or "e" or "forceescape":
                args.Bind(name, []);
                return value is Markup && name != "forceescape" ? value : new Markup(PyText.HtmlEscape(PyValues.ToStr(value)));
            case "length" or "count": args.Bind(name, []); return PyValues.Length(value);
            case "list": args.Bind(name, []); return PyValues.ToList(value);
            case "wordcount": args.Bind(name, []); return (long)WordRegex().Count(SoftStr(value));
            case "replace":
            {
                var a = args.Bind(name, ["old", "new", "count"], CallArguments.Required, CallArguments.Required, null);
                return PyText.Replace(PyValues.ToStr(value), PyValues.ToStr(a[0]), PyValues.ToStr(a[1]), a[2] is null ? -1 : PyValues.ToLong(a[2]));
            }

            case "center":
            {
                var width = args.Bind(name, ["width"], 80L)[0];
                return StringMethods.Call(SoftStr(value), "center", new CallArguments([width], []));
            }

            case "indent": return Indent(value, args);
            case "join": return Join(value, args);
            case "first":
                args.Bind(name, []);
                foreach (var item in PyValues.Iterate(RejectNone(value, name)))
                {
                    return item;
                }

                return Undefined.WithHint("No first item, sequence was empty.");
            case "last":
            {
                args.Bind(name, []);
                var items = value switch
                {
                    Undefined => [],
                    LazySequence => throw TemplateError.Type("'generator' object is not reversible"),
                    _ => PyValues.ToList(RejectNone(value, name)),
                };
                return items.Count > 0 ? items[^1] : Undefined.WithHint("No last item, sequence was empty.");
            }

            case "items":
                args.Bind(name, []);
                return value switch
                {
                    Undefined => new LazySequence([], "do_items"),
                    Dictionary<string, object?> dict => new LazySequence(dict.Select(kv => (object?)new PyTuple([kv.Key, kv.Value])), "do_items"),
                    _ => throw TemplateError.Type("Can only get item pairs from a mapping."),
                };
            case "dictsort": return DictSort(value, args);
            case "sort": return Sort(value, args);
            case "unique": return Unique(value, args);
            case "reverse":
                args.Bind(name, []);
                return value switch
                {
                    string s => PyText.Slice(s, null, null, -1),
                    Markup m => new Markup(PyText.Slice(m.Value, null, null, -1)),
                    List<object?> or PyTuple or Dictionary<string, object?> => new LazySequence(PyValues.ToList(value).AsEnumerable().Reverse(), "reversed"),
                    LazySequence gen => gen.Consume().Reverse().ToList(),
                    _ => throw TemplateError.Type($"argument to reversed() must be a sequence, not '{PyValues.TypeName(value)}'"),
                };
            case "map": return Map(value, args);
            case "select" or "reject": return SelectOrReject(value, args, name == "select", byAttribute: false);
            case "selectattr" or "rejectattr": return SelectOrReject(value, args, name == "selectattr", byAttribute: true);
            case "min" or "max": return MinMax(value, args, name);
            case "sum":
            {
                var a = args.Bind(name, ["attribute", "start"], null, 0L);
                object? total = a[1];
                var getter = a[0] is null ? null : AttributeGetter(a[0], null);
                foreach (var item in PyValues.Iterate(RejectNone(value, name)))
                {
                    total = PyOperators.Binary("+", total, getter is null ? item : getter(item));
                }

                return total;
            }

            case "abs":
                args.Bind(name, []);
                return value switch
                {
                    long l => (object)Math.Abs(l),
                    bool b => b ? 1L : 0L,
                    double d => Math.Abs(d),
                    _ => throw TemplateError.Type($"bad operand type for abs(): '{PyValues.TypeName(value)}'"),
                };
            case "int": return ToInt(value, args);
            case "float":
            {
                var fallback = args.Bind(name, ["default"], 0.0)[0];
                return value switch
                {
                    double d => d,
                    long or bool => PyValues.ToDouble(value),
                    string or Markup when double.TryParse(PyText.Strip(PyValues.AsString(value)!), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
                    _ => fallback,
                };
            }

            case "round": return Round(value, args);
            case "attr":
            {
                var attribute = PyValues.ToStr(args.Bind(name, ["name"], CallArguments.Required)[0]);
                return value is Dictionary<string, object?> dict
                    ? (CollectionMethods.IsDictMethod(attribute) ? new BoundMethod(dict, attribute) : Undefined.Attribute(value, attribute))
                    : PyValues.GetAttr(value, attribute);
            }

            case "batch": return Batch(value, args);
            case "tojson": return ToJson(value, args);
            default:
                throw TemplateError.Runtime($"No filter named '{name}'.");
        }
    }

    [GeneratedRegex(@"\w+")]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"([-\s({\[<]+)")]
    private static partial Regex WordBeginningSplitRegex();

    /// <summary>Jinja's <c>soft_str</c>: <c>str(value)</c>, so None becomes "None" and Undefined "".</summary>
    private static string SoftStr(object? value) => PyValues.ToStr(value);

    private static object KeepMarkup(object? original, string result) => original is Markup ? new Markup(result) : result;

    private static object? RejectNone(object? value, string filter) =>
        value is null ? throw TemplateError.Type($"'NoneType' object is not iterable (filter '{filter}')") : value;

    /// <summary>Jinja's <c>title</c> filter (not <c>str.title</c>): upper-cases the first letter after <c>-</c>, whitespace or an opening bracket.</summary>
    private static string JinjaTitle(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var item in WordBeginningSplitRegex().Split(s))
        {
            if (item.Length > 0)
            {
                sb.Append(PyText.Upper(item[..1])).Append(PyText.Lower(item[1..]));
            }
        }

        return sb.ToString();
    }

    private static object Indent(object? value, CallArguments args)
    {
        var a = args.Bind("indent", ["width", "first", "blank"], 4L, false, false);
        var indention = a[0] is string w ? w : new string(' ', (int)Math.Clamp(PyValues.ToLong(a[0]), 0, 10_000));
        var s = PyValues.AsString(value) ?? (value is Undefined u ? throw u.Fail() : throw TemplateError.Type($"can only concatenate str (not \"{PyValues.TypeName(value)}\") to str"));
        var lines = PyText.SplitLines(s + "\n");
        string result;
        if (PyValues.IsTruthy(a[2]))
        {
            result = string.Join("\n" + indention, lines);
        }
        else
        {
            var sb = new StringBuilder(lines[0]);
            if (lines.Count > 1)
            {
                sb.Append('\n').Append(string.Join("\n", lines.Skip(1).Select(line => line.Length > 0 ? indention + line : line)));
            }

            result = sb.ToString();
        }

        if (PyValues.IsTruthy(a[1]))
        {
            result = indention + result;
        }

        return KeepMarkup(value, result);
    }

    private static object Join(object? value, CallArguments args)
    {
        var a = args.Bind("join", ["d", "attribute"], "", null);
        var items = PyValues.Iterate(RejectNone(value, "join"));
        if (a[1] is not null)
        {
            var getter = AttributeGetter(a[1], null);
            items = items.Select(getter);
        }

        return string.Join(PyValues.ToStr(a[0]), items.Select(PyValues.ToStr));
    }

    /// <summary>Jinja's <c>make_attrgetter</c>: a dotted path (<c>"function.name"</c>, <c>"0"</c>) read with getitem.</summary>
    private static Func<object?, object?> AttributeGetter(object? attribute, Func<object?, object?>? postprocess, object? defaultValue = null, bool hasDefault = false)
    {
        var parts = attribute is string path
            ? path.Split('.').Select(p => long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? (object?)n : p).ToArray()
            : new object?[] { attribute };
        return item =>
        {
            foreach (var part in parts)
            {
                item = PyValues.GetItem(item, part);
            }

            if (hasDefault && item is Undefined)
            {
                item = defaultValue;
            }

            return postprocess is null ? item : postprocess(item);
        };
    }

    private static object? IgnoreCase(object? value) => value is string s ? PyText.Lower(s) : value;

    private static object Map(object? value, CallArguments args)
    {
        Func<object?, object?> mapper;
        var attributeIndex = args.Keyword.FindIndex(kv => kv.Key == "attribute");
        if (args.Positional.Count == 0 && attributeIndex >= 0)
        {
            var a = args.Bind("map", ["attribute", "default"], CallArguments.Required, null);
            var hasDefault = args.Keyword.Any(kv => kv.Key == "default");
            mapper = AttributeGetter(a[0], null, a[1], hasDefault);
        }
        else
        {
            if (args.Positional.Count == 0)
            {
                throw TemplateError.Runtime("map requires a filter argument");
            }

            var filter = PyValues.AsString(args.Positional[0]) ?? throw TemplateError.Type("map: the filter name must be a string");
            if (!Exists(filter))
            {
                throw TemplateError.Runtime($"No filter named '{filter}'.");
            }

            var rest = new CallArguments(args.Positional.Skip(1).ToList(), args.Keyword);
            mapper = item => Apply(filter, item, rest);
        }

        var source = PyValues.IsTruthy(value) ? PyValues.Iterate(value) : [];
        return new LazySequence(source.Select(mapper), "sync_do_map");
    }

    private static object SelectOrReject(object? value, CallArguments args, bool select, bool byAttribute)
    {
        var positional = args.Positional;
        var index = 0;
        Func<object?, object?> getter = x => x;
        if (byAttribute)
        {
            if (positional.Count == 0)
            {
                throw TemplateError.Runtime("selectattr/rejectattr need an attribute name");
            }

            getter = AttributeGetter(positional[index++], null);
        }

        Func<object?, bool> test;
        if (positional.Count > index)
        {
            var testName = PyValues.AsString(positional[index]) ?? throw TemplateError.Type("the test name must be a string");
            if (!BuiltinTests.Exists(testName))
            {
                throw TemplateError.Runtime($"No test named '{testName}'.");
            }

            var testArgs = new CallArguments(positional.Skip(index + 1).ToList(), args.Keyword);
            test = x => BuiltinTests.Apply(testName, x, testArgs);
        }
        else
        {
            test = PyValues.IsTruthy;
        }

        var source = PyValues.IsTruthy(value) ? PyValues.Iterate(value) : [];
        return new LazySequence(source.Where(item => test(getter(item)) == select), select ? "select" : "reject");
    }

    private static Comparison<object?> KeyComparison(Func<object?, object?> key) => (a, b) => PyValues.Compare(key(a), key(b));

    private static object Sort(object? value, CallArguments args)
    {
        var a = args.Bind("sort", ["reverse", "case_sensitive", "attribute"], false, false, null);
        var key = KeyFunction(a[2], PyValues.IsTruthy(a[1]));
        var items = PyValues.ToList(RejectNone(value, "sort"));
        var comparer = Comparer<object?>.Create(KeyComparison(key));
        return (PyValues.IsTruthy(a[0]) ? items.OrderByDescending(x => x, comparer) : items.OrderBy(x => x, comparer)).ToList();
    }

    private static Func<object?, object?> KeyFunction(object? attribute, bool caseSensitive)
    {
        Func<object?, object?>? post = caseSensitive ? null : IgnoreCase;
        return attribute is null ? post ?? (x => x) : AttributeGetter(attribute, post);
    }

    private static object DictSort(object? value, CallArguments args)
    {
        var a = args.Bind("dictsort", ["case_sensitive", "by", "reverse"], false, "key", false);
        if (value is not Dictionary<string, object?> dict)
        {
            throw TemplateError.Type("You can only sort by either \"key\" or \"value\" of a mapping (dictsort needs a dict).");
        }

        var position = PyValues.ToStr(a[1]) switch
        {
            "key" => 0,
            "value" => 1,
            _ => throw TemplateError.Runtime("You can only sort by either \"key\" or \"value\""),
        };
        var caseSensitive = PyValues.IsTruthy(a[0]);
        var comparer = Comparer<object?>.Create((x, y) =>
        {
            var kx = ((PyTuple)x!).Items[position];
            var ky = ((PyTuple)y!).Items[position];
            return caseSensitive ? PyValues.Compare(kx, ky) : PyValues.Compare(IgnoreCase(kx), IgnoreCase(ky));
        });
        var pairs = dict.Select(kv => (object?)new PyTuple([kv.Key, kv.Value]));
        return (PyValues.IsTruthy(a[2]) ? pairs.OrderByDescending(x => x, comparer) : pairs.OrderBy(x => x, comparer)).ToList();
    }

    private static object Unique(object? value, CallArguments args)
    {
        var a = args.Bind("unique", ["case_sensitive", "attribute"], false, null);
        var key = KeyFunction(a[1], PyValues.IsTruthy(a[0]));
        var items = PyValues.Iterate(RejectNone(value, "unique"));
        return new LazySequence(UniqueItems(items, key), "do_unique");
    }

    private static IEnumerable<object?> UniqueItems(IEnumerable<object?> items, Func<object?, object?> key)
    {
        var seen = new List<object?>();
        foreach (var item in items)
        {
            var k = key(item);
            if (!seen.Any(s => PyValues.Equal(s, k)))
            {
                seen.Add(k);
                yield return item;
            }
        }
    }

    private static object? MinMax(object? value, CallArguments args, string name)
    {
        var a = args.Bind(name, ["case_sensitive", "attribute"], false, null);
        var key = KeyFunction(a[1], PyValues.IsTruthy(a[0]));
        var items = PyValues.ToList(RejectNone(value, name));
        if (items.Count == 0)
        {
            return Undefined.WithHint("No aggregated item, sequence was empty.");
        }

        var best = items[0];
        foreach (var item in items.Skip(1))
        {
            var c = PyValues.Compare(key(item), key(best));
            if (name == "min" ? c < 0 : c > 0)
            {
                best = item;
            }
        }

        return best;
    }

    private static object? ToInt(object? value, CallArguments args)
    {
        var a = args.Bind("int", ["default", "base"], 0L, 10L);
        switch (value)
        {
            case long or bool:
                return PyValues.ToLong(value);
            case double d:
                return double.IsFinite(d) ? (long)Math.Truncate(d) : a[0];
            case string or Markup:
                var text = PyText.Strip(PyValues.AsString(value)!).Replace("_", "", StringComparison.Ordinal);
                var numberBase = (int)PyValues.ToLong(a[1]);
                try
                {
                    if (numberBase == 10)
                    {
                        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                        {
                            return parsed;
                        }
                    }
                    else if (numberBase is 2 or 8 or 16)
                    {
                        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.StartsWith("0o", StringComparison.OrdinalIgnoreCase) || text.StartsWith("0b", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
                        return Convert.ToInt64(digits, numberBase);
                    }
                }
                catch (FormatException)
                {
                }
                catch (OverflowException)
                {
                }

                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real)
                    ? (long)Math.Truncate(real)
                    : a[0];
            default:
                return a[0];
        }
    }

    private static object Round(object? value, CallArguments args)
    {
        var a = args.Bind("round", ["precision", "method"], 0L, "common");
        var precision = (int)Math.Clamp(PyValues.ToLong(a[0]), -15, 15);
        if (!PyValues.IsNumber(value))
        {
            throw TemplateError.Type($"type {PyValues.TypeName(value)} doesn't define __round__ method");
        }

        var method = PyValues.ToStr(a[1]);
        if (method == "common")
        {
            if (PyValues.IsIntegral(value))
            {
                return PyValues.ToLong(value);
            }

            var d = PyValues.ToDouble(value);
            return precision >= 0 ? Math.Round(d, precision, MidpointRounding.ToEven) : Math.Round(d / Math.Pow(10, -precision), MidpointRounding.ToEven) * Math.Pow(10, -precision);
        }

        var scale = Math.Pow(10, precision);
        return method switch
        {
            "ceil" => Math.Ceiling(PyValues.ToDouble(value) * scale) / scale,
            "floor" => Math.Floor(PyValues.ToDouble(value) * scale) / scale,
            _ => throw TemplateError.Runtime("method must be common, ceil or floor"),
        };
    }

    private static object Batch(object? value, CallArguments args)
    {
        var a = args.Bind("batch", ["linecount", "fill_with"], CallArguments.Required, null);
        var size = (int)PyValues.ToLong(a[0]);
        if (size <= 0)
        {
            throw TemplateError.Runtime("batch size must be positive");
        }

        var fill = args.Positional.Count > 1 || args.Keyword.Any(kv => kv.Key == "fill_with");
        return new LazySequence(Batches(PyValues.Iterate(value), size, fill, a[1]), "do_batch");
    }

    private static IEnumerable<object?> Batches(IEnumerable<object?> items, int size, bool fill, object? filler)
    {
        var current = new List<object?>();
        foreach (var item in items)
        {
            if (current.Count == size)
            {
                yield return current;
                current = [];
            }

            current.Add(item);
        }

        if (current.Count > 0)
        {
            while (fill && current.Count < size)
            {
                current.Add(filler);
            }

            yield return current;
        }
    }

    /// <summary>transformers' tojson: <c>json.dumps(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False)</c>.</summary>
    private static object ToJson(object? value, CallArguments args)
    {
        var a = args.Bind("tojson", ["ensure_ascii", "indent", "separators", "sort_keys"], false, null, null, false);
        var indent = a[1] switch
        {
            null => null,
            string s => s,
            _ => new string(' ', (int)Math.Clamp(PyValues.ToLong(a[1]), 0, 1000)),
        };
        string itemSeparator = indent is null ? ", " : ",";
        var keySeparator = ": ";
        if (a[2] is not null)
        {
            var pair = a[2] is PyTuple t ? t.Items : a[2] is List<object?> l ? l : throw TemplateError.Type("separators must be a (item, key) pair");
            if (pair.Count != 2)
            {
                throw TemplateError.Type("separators must be a (item, key) pair");
            }

            itemSeparator = PyValues.ToStr(pair[0]);
            keySeparator = PyValues.ToStr(pair[1]);
        }

        return TemplateJson.Dumps(value, PyValues.IsTruthy(a[0]), indent, itemSeparator, keySeparator, PyValues.IsTruthy(a[3]));
    }
}

using System.Globalization;
using System.Text;

namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>
/// Python semantics of template values, which is what chat templates are written against (transformers renders
/// them with Python Jinja2): printing (<c>None</c>, <c>True</c>, <c>['a', 1]</c>), truthiness, equality across
/// int/float/bool, ordering, <c>in</c>, length and iteration. Values are null (None), <see cref="Undefined"/>, bool,
/// long, double, string, <see cref="Markup"/>, <c>List&lt;object?&gt;</c>, <see cref="PyTuple"/>,
/// <c>Dictionary&lt;string, object?&gt;</c>, <see cref="LazySequence"/>, <see cref="TemplateNamespace"/>,
/// <see cref="LoopContext"/> and <see cref="ICallable"/>s.
/// </summary>
internal static class PyValues
{
    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        Markup => "Markup",
        List<object?> => "list",
        PyTuple => "tuple",
        Dictionary<string, object?> => "dict",
        LazySequence => "generator",
        TemplateNamespace => "Namespace",
        LoopContext => "LoopContext",
        Undefined => "Undefined",
        MacroValue => "Macro",
        _ => "builtin_function_or_method",
    };

    public static bool IsString(object? value) => value is string or Markup;

    public static string? AsString(object? value) => value switch
    {
        string s => s,
        Markup m => m.Value,
        _ => null,
    };

    public static bool IsNumber(object? value) => value is long or double or bool;

    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        Undefined => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        Markup m => m.Value.Length > 0,
        List<object?> list => list.Count > 0,
        PyTuple t => t.Items.Count > 0,
        Dictionary<string, object?> d => d.Count > 0,
        _ => true,
    };

    /// <summary>Python's <c>str(value)</c>, which is what <c>{{ value }}</c> prints (Undefined prints nothing).</summary>
    public static string ToStr(object? value) => value switch
    {
        string s => s,
        Markup m => m.Value,
        null => "None",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => PyFloat.Repr(d),
        Undefined => "",
        _ => Repr(value),
    };

    /// <summary>Python's <c>repr(value)</c> (used inside printed lists and dicts).</summary>
    public static string Repr(object? value)
    {
        switch (value)
        {
            case string s:
                return ReprString(s);
            case Markup m:
                return $"Markup({ReprString(m.Value)})";
            case List<object?> list:
                return "[" + string.Join(", ", list.Select(Repr)) + "]";
            case PyTuple tuple:
                return tuple.Items.Count == 1 ? $"({Repr(tuple.Items[0])},)" : "(" + string.Join(", ", tuple.Items.Select(Repr)) + ")";
            case Dictionary<string, object?> dict:
                return "{" + string.Join(", ", dict.Select(kv => ReprString(kv.Key) + ": " + Repr(kv.Value))) + "}";
            case TemplateNamespace ns:
                return "<Namespace " + Repr(ns.Attributes) + ">";
            case LazySequence gen:
                return $"<generator object {gen.Origin}>";
            case Undefined:
                return "Undefined";
            case null or bool or long or double:
                return ToStr(value);
            default:
                return value.ToString() ?? "";
        }
    }

    private static string ReprString(string s)
    {
        var quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var sb = new StringBuilder(s.Length + 2).Append(quote);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            int codePoint = c;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                codePoint = char.ConvertToUtf32(c, s[i + 1]);
            }

            switch (c)
            {
                case '\\': sb.Append(@"\\"); continue;
                case '\n': sb.Append(@"\n"); continue;
                case '\r': sb.Append(@"\r"); continue;
                case '\t': sb.Append(@"\t"); continue;
            }

            if (c == quote)
            {
                sb.Append('\\').Append(c);
            }
            else if (IsPrintable(codePoint))
            {
                sb.Append(char.ConvertFromUtf32(codePoint));
            }
            else if (codePoint <= 0xFF)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\x{codePoint:x2}");
            }
            else if (codePoint <= 0xFFFF)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{codePoint:x4}");
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\U{codePoint:x8}");
            }

            if (codePoint > 0xFFFF)
            {
                i++;
            }
        }

        return sb.Append(quote).ToString();
    }

    private static bool IsPrintable(int codePoint)
    {
        if (codePoint == ' ')
        {
            return true;
        }

        if (codePoint is >= 0xD800 and <= 0xDFFF)
        {
            return false;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
        return category is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator);
    }

    public static double ToDouble(object? value) => value switch
    {
        bool b => b ? 1 : 0,
        long l => l,
        double d => d,
        _ => throw TemplateError.Type($"expected a number, got '{TypeName(value)}'"),
    };

    public static bool IsIntegral(object? value) => value is long or bool;

    public static long ToLong(object? value) => value switch
    {
        bool b => b ? 1 : 0,
        long l => l,
        _ => throw TemplateError.Type($"'{TypeName(value)}' object cannot be interpreted as an integer"),
    };

    /// <summary>Python's <c>==</c>.</summary>
    public static bool Equal(object? a, object? b)
    {
        if (IsNumber(a) && IsNumber(b))
        {
            return IsIntegral(a) && IsIntegral(b) ? ToLong(a) == ToLong(b) : ToDouble(a) == ToDouble(b);
        }

        if (AsString(a) is { } sa && AsString(b) is { } sb)
        {
            return string.Equals(sa, sb, StringComparison.Ordinal);
        }

        switch (a)
        {
            case null:
                return b is null;
            case Undefined:
                return b is Undefined;
            case List<object?> la when b is List<object?> lb:
                return SequenceEqual(la, lb);
            case PyTuple ta when b is PyTuple tb:
                return SequenceEqual(ta.Items, tb.Items);
            case Dictionary<string, object?> da when b is Dictionary<string, object?> db:
                return da.Count == db.Count && da.All(kv => db.TryGetValue(kv.Key, out var other) && Equal(kv.Value, other));
            default:
                return ReferenceEquals(a, b);
        }
    }

    private static bool SequenceEqual(IReadOnlyList<object?> a, IReadOnlyList<object?> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!Equal(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Python's ordering (<c>&lt;</c> and friends): numbers, strings, and lists/tuples lexicographically.</summary>
    public static int Compare(object? a, object? b, string op = "<")
    {
        if (a is Undefined ua)
        {
            throw ua.Fail();
        }

        if (b is Undefined ub)
        {
            throw ub.Fail();
        }

        if (IsNumber(a) && IsNumber(b))
        {
            return IsIntegral(a) && IsIntegral(b) ? ToLong(a).CompareTo(ToLong(b)) : ToDouble(a).CompareTo(ToDouble(b));
        }

        if (AsString(a) is { } sa && AsString(b) is { } sb)
        {
            return Math.Sign(string.CompareOrdinal(sa, sb));
        }

        IReadOnlyList<object?>? la = a switch { List<object?> l => l, PyTuple t => t.Items, _ => null };
        IReadOnlyList<object?>? lb = b switch { List<object?> l => l, PyTuple t => t.Items, _ => null };
        if (la is not null && lb is not null && a!.GetType() == b!.GetType())
        {
            for (var i = 0; i < Math.Min(la.Count, lb.Count); i++)
            {
                if (!Equal(la[i], lb[i]))
                {
                    return Compare(la[i], lb[i], op);
                }
            }

            return la.Count.CompareTo(lb.Count);
        }

        throw TemplateError.Type($"'{op}' not supported between instances of '{TypeName(a)}' and '{TypeName(b)}'");
    }

    /// <summary>Python's iteration: strings by code point, dicts by key, Undefined as empty; None and numbers fail.</summary>
    public static IEnumerable<object?> Iterate(object? value) => value switch
    {
        string s => PyText.CodePoints(s),
        Markup m => PyText.CodePoints(m.Value),
        List<object?> list => list,
        PyTuple tuple => tuple.Items,
        Dictionary<string, object?> dict => dict.Keys,
        LazySequence gen => gen.Consume(),
        Undefined => [],
        _ => throw TemplateError.Type($"'{TypeName(value)}' object is not iterable"),
    };

    public static bool IsIterable(object? value) =>
        value is string or Markup or List<object?> or PyTuple or Dictionary<string, object?> or LazySequence or Undefined;

    /// <summary>Materialises an iterable into a list (Python's <c>list(value)</c>).</summary>
    public static List<object?> ToList(object? value) => [.. Iterate(value)];

    public static long Length(object? value) => value switch
    {
        string s => PyText.Length(s),
        Markup m => PyText.Length(m.Value),
        List<object?> list => list.Count,
        PyTuple tuple => tuple.Items.Count,
        Dictionary<string, object?> dict => dict.Count,
        Undefined => 0,
        _ => throw TemplateError.Type($"object of type '{TypeName(value)}' has no len()"),
    };

    /// <summary>Python's <c>item in container</c>.</summary>
    public static bool Contains(object? container, object? item)
    {
        switch (container)
        {
            case string or Markup:
                var needle = AsString(item) ?? throw TemplateError.Type($"'in <string>' requires string as left operand, not {TypeName(item)}");
                return AsString(container)!.Contains(needle, StringComparison.Ordinal);
            case Dictionary<string, object?> dict:
                return AsString(item) is { } key && dict.ContainsKey(key);
            case Undefined:
                return false;
            case List<object?> or PyTuple or LazySequence:
                return Iterate(container).Any(x => Equal(x, item));
            default:
                throw TemplateError.Type($"argument of type '{TypeName(container)}' is not iterable");
        }
    }

    /// <summary>Jinja's <c>getattr</c> (<c>obj.name</c>): the attribute or method first, then the item.</summary>
    public static object? GetAttr(object? target, string name)
    {
        switch (target)
        {
            case Undefined u:
                throw u.Fail();
            case Dictionary<string, object?> dict:
                if (CollectionMethods.IsDictMethod(name))
                {
                    return new BoundMethod(dict, name);
                }

                return dict.TryGetValue(name, out var value) ? value : Undefined.Attribute(target, name);
            case string or Markup:
                return StringMethods.Has(name) ? new BoundMethod(target, name) : Undefined.Attribute(target, name);
            case List<object?> or PyTuple:
                return CollectionMethods.IsSequenceMethod(name) ? new BoundMethod(target, name) : Undefined.Attribute(target, name);
            case TemplateNamespace ns:
                return ns.Attributes.TryGetValue(name, out var attribute) ? attribute : Undefined.Attribute(target, name);
            case LoopContext loop:
                return loop.GetAttribute(name);
            default:
                return Undefined.Attribute(target, name);
        }
    }

    /// <summary>Jinja's <c>getitem</c> (<c>obj[key]</c>): the item first, then (for string keys) the attribute.</summary>
    public static object? GetItem(object? target, object? key)
    {
        if (target is Undefined u)
        {
            throw u.Fail();
        }

        switch (target)
        {
            case Dictionary<string, object?> dict when AsString(key) is { } name:
                return dict.TryGetValue(name, out var value) ? value : GetAttr(target, name);
            case List<object?> or PyTuple when IsIntegral(key):
                var items = target is PyTuple t ? t.Items : (List<object?>)target;
                var index = ToLong(key);
                var i = index < 0 ? index + items.Count : index;
                return i >= 0 && i < items.Count ? items[(int)i] : Undefined.Element(target, key);
            case string or Markup when IsIntegral(key):
                return (object?)PyText.At(AsString(target)!, ToLong(key)) ?? Undefined.Element(target, key);
        }

        return AsString(key) is { } attributeName ? GetAttr(target, attributeName) : Undefined.Element(target, key);
    }

    /// <summary><c>target[start:stop:step]</c> on strings, lists and tuples; anything else gives Undefined.</summary>
    public static object? Slice(object? target, long? start, long? stop, long? step) => target switch
    {
        Undefined u => throw u.Fail(),
        string s => PyText.Slice(s, start, stop, step),
        Markup m => new Markup(PyText.Slice(m.Value, start, stop, step)),
        List<object?> list => PySlice.Indices(list.Count, start, stop, step).Select(i => list[i]).ToList(),
        PyTuple tuple => new PyTuple(PySlice.Indices(tuple.Items.Count, start, stop, step).Select(i => tuple.Items[i]).ToList()),
        _ => Undefined.WithHint($"'{TypeName(target)}' object is not subscriptable"),
    };
}

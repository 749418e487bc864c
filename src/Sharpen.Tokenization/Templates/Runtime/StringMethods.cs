using System.Globalization;
using System.Text;

namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>The Python <c>str</c> methods templates call (<c>content.split('&lt;/think&gt;')</c>, <c>desc.endswith('.')</c>...).</summary>
internal static class StringMethods
{
    private static readonly HashSet<string> s_names =
    [
        "capitalize", "casefold", "center", "count", "endswith", "find", "format", "index", "isalnum", "isalpha",
        "isdigit", "isnumeric", "isdecimal", "islower", "isspace", "isupper", "join", "ljust", "lower", "lstrip",
        "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit",
        "rstrip", "split", "splitlines", "startswith", "strip", "swapcase", "title", "upper", "zfill",
    ];

    public static bool Has(string name) => s_names.Contains(name);

    /// <summary>markupsafe's Markup methods return Markup where the str method returns a string.</summary>
    public static object? CallOnMarkup(Markup target, string name, CallArguments args)
    {
        var result = Call(target.Value, name, args);
        return result is string s ? new Markup(s) : result;
    }

    public static object? Call(string s, string name, CallArguments args)
    {
        switch (name)
        {
            case "upper":
                Bind(name, args);
                return PyText.Upper(s);
            case "lower" or "casefold":
                Bind(name, args);
                return PyText.Lower(s);
            case "title":
                Bind(name, args);
                return PyText.Title(s);
            case "capitalize":
                Bind(name, args);
                return PyText.Capitalize(s);
            case "swapcase":
                Bind(name, args);
                return string.Concat(s.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)));
            case "strip" or "lstrip" or "rstrip":
            {
                var chars = OptionalString(Bind(name, args, ["chars"], [null])[0], name);
                return name switch
                {
                    "strip" => PyText.Strip(s, chars),
                    "lstrip" => PyText.LStrip(s, chars),
                    _ => PyText.RStrip(s, chars),
                };
            }

            case "split" or "rsplit":
            {
                var a = Bind(name, args, ["sep", "maxsplit"], null, -1L);
                var sep = OptionalString(a[0], name);
                var max = PyValues.ToLong(a[1]);
                return name == "split" ? PyText.Split(s, sep, max) : PyText.RSplit(s, sep, max);
            }

            case "splitlines":
                Bind(name, args);
                return PyText.SplitLines(s).Cast<object?>().ToList();
            case "startswith" or "endswith":
            {
                var a = Bind(name, args, ["prefix"], CallArguments.Required);
                var candidates = a[0] is PyTuple t ? t.Items : [a[0]];
                foreach (var candidate in candidates)
                {
                    var text = PyValues.AsString(candidate)
                        ?? throw TemplateError.Type($"{name} first arg must be str or a tuple of str, not {PyValues.TypeName(candidate)}");
                    if (name == "startswith" ? s.StartsWith(text, StringComparison.Ordinal) : s.EndsWith(text, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }

                return false;
            }

            case "replace":
            {
                var a = Bind(name, args, ["old", "new", "count"], CallArguments.Required, CallArguments.Required, -1L);
                return PyText.Replace(s, RequireString(a[0], name), RequireString(a[1], name), PyValues.ToLong(a[2]));
            }

            case "find" or "rfind" or "index" or "rindex":
            {
                var sub = RequireString(Bind(name, args, ["sub"], CallArguments.Required)[0], name);
                var at = name is "find" or "index" ? s.IndexOf(sub, StringComparison.Ordinal) : s.LastIndexOf(sub, StringComparison.Ordinal);
                if (at < 0 && name is "index" or "rindex")
                {
                    throw TemplateError.Runtime("substring not found");
                }

                return at < 0 ? -1L : (long)PyText.Length(s[..at]);
            }

            case "count":
            {
                var sub = RequireString(Bind(name, args, ["sub"], CallArguments.Required)[0], name);
                if (sub.Length == 0)
                {
                    return (long)PyText.Length(s) + 1;
                }

                long n = 0;
                for (var at = s.IndexOf(sub, StringComparison.Ordinal); at >= 0; at = s.IndexOf(sub, at + sub.Length, StringComparison.Ordinal))
                {
                    n++;
                }

                return n;
            }

            case "join":
            {
                var items = PyValues.Iterate(Bind(name, args, ["iterable"], CallArguments.Required)[0]);
                return string.Join(s, items.Select(x => PyValues.AsString(x)
                    ?? throw TemplateError.Type($"sequence item: expected str instance, {PyValues.TypeName(x)} found")));
            }

            case "removeprefix" or "removesuffix":
            {
                var affix = RequireString(Bind(name, args, ["affix"], CallArguments.Required)[0], name);
                if (name == "removeprefix")
                {
                    return s.StartsWith(affix, StringComparison.Ordinal) ? s[affix.Length..] : s;
                }

                return affix.Length > 0 && s.EndsWith(affix, StringComparison.Ordinal) ? s[..^affix.Length] : s;
            }

            case "partition" or "rpartition":
            {
                var sep = RequireString(Bind(name, args, ["sep"], CallArguments.Required)[0], name);
                var at = name == "partition" ? s.IndexOf(sep, StringComparison.Ordinal) : s.LastIndexOf(sep, StringComparison.Ordinal);
                if (at < 0)
                {
                    return name == "partition" ? new PyTuple([s, "", ""]) : new PyTuple(["", "", s]);
                }

                return new PyTuple([s[..at], sep, s[(at + sep.Length)..]]);
            }

            case "center" or "ljust" or "rjust":
            {
                var a = Bind(name, args, ["width", "fillchar"], CallArguments.Required, " ");
                var width = (int)Math.Min(PyValues.ToLong(a[0]), 100_000);
                var fill = RequireString(a[1], name);
                var pad = Math.Max(0, width - PyText.Length(s));
                var fillChar = fill.Length == 1 ? fill[0] : ' ';
                return name switch
                {
                    "ljust" => s + new string(fillChar, pad),
                    "rjust" => new string(fillChar, pad) + s,
                    _ => new string(fillChar, (pad / 2) + (pad & width & 1)) + s + new string(fillChar, pad - ((pad / 2) + (pad & width & 1))),
                };
            }

            case "zfill":
            {
                var width = (int)Math.Min(PyValues.ToLong(Bind(name, args, ["width"], CallArguments.Required)[0]), 100_000);
                var pad = Math.Max(0, width - PyText.Length(s));
                return s.Length > 0 && s[0] is '+' or '-' ? s[0] + new string('0', pad) + s[1..] : new string('0', pad) + s;
            }

            case "isalnum": Bind(name, args); return s.Length > 0 && s.All(char.IsLetterOrDigit);
            case "isalpha": Bind(name, args); return s.Length > 0 && s.All(char.IsLetter);
            case "isdigit" or "isnumeric" or "isdecimal": Bind(name, args); return s.Length > 0 && s.All(char.IsDigit);
            case "isspace": Bind(name, args); return s.Length > 0 && PyText.IsAllSpace(s);
            case "islower": Bind(name, args); return s.Any(char.IsLower) && !s.Any(char.IsUpper);
            case "isupper": Bind(name, args); return s.Any(char.IsUpper) && !s.Any(char.IsLower);
            case "format":
                return Format(s, args);
            default:
                throw TemplateError.Runtime($"'str' object has no attribute '{name}'");
        }
    }

    /// <summary>Python's <c>str.format</c> with auto-numbered, numbered and named fields (no format specs).</summary>
    private static string Format(string s, CallArguments args)
    {
        var sb = new StringBuilder();
        var auto = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '{' && i + 1 < s.Length && s[i + 1] == '{')
            {
                sb.Append('{');
                i++;
                continue;
            }

            if (c == '}' && i + 1 < s.Length && s[i + 1] == '}')
            {
                sb.Append('}');
                i++;
                continue;
            }

            if (c != '{')
            {
                sb.Append(c);
                continue;
            }

            var end = s.IndexOf('}', i);
            if (end < 0)
            {
                throw TemplateError.Runtime("Single '{' encountered in format string");
            }

            var field = s[(i + 1)..end];
            if (field.Contains(':', StringComparison.Ordinal) || field.Contains('!', StringComparison.Ordinal))
            {
                throw TemplateError.Runtime($"format field '{{{field}}}': format specifications and conversions are not supported");
            }

            object? value;
            if (field.Length == 0)
            {
                value = auto < args.Positional.Count ? args.Positional[auto++] : throw TemplateError.Runtime("Replacement index out of range for positional args tuple");
            }
            else if (int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                value = n < args.Positional.Count ? args.Positional[n] : throw TemplateError.Runtime($"Replacement index {n} out of range for positional args tuple");
            }
            else
            {
                var match = args.Keyword.FindIndex(kv => kv.Key == field);
                value = match >= 0 ? args.Keyword[match].Value : throw TemplateError.Runtime($"KeyError: '{field}'");
            }

            sb.Append(PyValues.ToStr(value));
            i = end;
        }

        return sb.ToString();
    }

    private static object?[] Bind(string name, CallArguments args, string[]? names = null, params object?[] defaults) =>
        args.Bind(name, names ?? [], defaults);

    private static string RequireString(object? value, string method) =>
        PyValues.AsString(value) ?? throw TemplateError.Type($"{method}() argument must be str, not {PyValues.TypeName(value)}");

    private static string? OptionalString(object? value, string method) =>
        value is null ? null : RequireString(value, method);
}

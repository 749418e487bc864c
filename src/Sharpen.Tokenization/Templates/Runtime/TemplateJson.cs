using System.Globalization;
using System.Text;

namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>
/// The <c>tojson</c> filter as transformers defines it: Python's
/// <c>json.dumps(x, ensure_ascii=False, indent=indent, separators=separators, sort_keys=sort_keys)</c>.
/// Without indent the separators are <c>", "</c> and <c>": "</c>; with indent, <c>","</c> and <c>": "</c>, each item
/// on its own line. Floats print as Python's repr (<c>1.0</c>, <c>1e-05</c>); Undefined, generators and namespaces
/// are not serialisable (a TypeError, as in Python).
/// </summary>
internal static class TemplateJson
{
    public static string Dumps(object? value, bool ensureAscii, string? indent, string itemSeparator, string keySeparator, bool sortKeys)
    {
        var sb = new StringBuilder();
        Write(sb, value, ensureAscii, indent, itemSeparator, keySeparator, sortKeys, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value, bool ascii, string? indent, string itemSep, string keySep, bool sortKeys, int depth)
    {
        switch (value)
        {
            case null:
                sb.Append("null");
                return;
            case bool b:
                sb.Append(b ? "true" : "false");
                return;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                return;
            case double d:
                sb.Append(double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : PyFloat.Repr(d));
                return;
            case string or Markup:
                WriteString(sb, PyValues.AsString(value)!, ascii);
                return;
            case List<object?> or PyTuple:
                var items = value is PyTuple t ? t.Items : (List<object?>)value;
                if (items.Count == 0)
                {
                    sb.Append("[]");
                    return;
                }

                sb.Append('[');
                for (var i = 0; i < items.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(itemSep);
                    }

                    NewLine(sb, indent, depth + 1);
                    Write(sb, items[i], ascii, indent, itemSep, keySep, sortKeys, depth + 1);
                }

                NewLine(sb, indent, depth);
                sb.Append(']');
                return;
            case Dictionary<string, object?> dict:
                if (dict.Count == 0)
                {
                    sb.Append("{}");
                    return;
                }

                IEnumerable<KeyValuePair<string, object?>> entries = sortKeys ? dict.OrderBy(kv => kv.Key, StringComparer.Ordinal) : dict;
                sb.Append('{');
                var first = true;
                foreach (var (key, item) in entries)
                {
                    if (!first)
                    {
                        sb.Append(itemSep);
                    }

                    first = false;
                    NewLine(sb, indent, depth + 1);
                    WriteString(sb, key, ascii);
                    sb.Append(keySep);
                    Write(sb, item, ascii, indent, itemSep, keySep, sortKeys, depth + 1);
                }

                NewLine(sb, indent, depth);
                sb.Append('}');
                return;
            default:
                throw TemplateError.Type($"Object of type {PyValues.TypeName(value)} is not JSON serializable");
        }
    }

    private static void NewLine(StringBuilder sb, string? indent, int depth)
    {
        if (indent is null)
        {
            return;
        }

        sb.Append('\n');
        for (var i = 0; i < depth; i++)
        {
            sb.Append(indent);
        }
    }

    private static void WriteString(StringBuilder sb, string s, bool ascii)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || (ascii && c > 0x7E))
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}

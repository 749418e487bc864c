using System.Globalization;
using System.Text;

namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>
/// Python's string semantics where they differ from .NET's: <c>str.isspace</c>, <c>strip</c>, <c>splitlines</c>,
/// <c>title</c>, <c>capitalize</c>, and lengths, indices and slices counted in code points rather than UTF-16 units.
/// </summary>
internal static class PyText
{
    /// <summary>Python's <c>str.isspace</c> for one UTF-16 unit (all Python whitespace is in the BMP).</summary>
    public static bool IsSpace(char c) => c switch
    {
        >= '\t' and <= '\r' => true,
        >= '\x1c' and <= '\x20' => true,
        '\x85' or '\xa0' or '\u1680' or '\u2028' or '\u2029' or '\u202f' or '\u205f' or '\u3000' => true,
        >= '\u2000' and <= '\u200a' => true,
        _ => false,
    };

    public static bool IsAllSpace(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!IsSpace(c))
            {
                return false;
            }
        }

        return true;
    }

    public static string Strip(string s, string? chars = null) => LStrip(RStrip(s, chars), chars);

    public static string LStrip(string s, string? chars = null)
    {
        var i = 0;
        while (i < s.Length && (chars is null ? IsSpace(s[i]) : chars.Contains(s[i], StringComparison.Ordinal)))
        {
            i++;
        }

        return s[i..];
    }

    public static string RStrip(string s, string? chars = null)
    {
        var i = s.Length;
        while (i > 0 && (chars is null ? IsSpace(s[i - 1]) : chars.Contains(s[i - 1], StringComparison.Ordinal)))
        {
            i--;
        }

        return s[..i];
    }

    /// <summary>Python's <c>str.splitlines()</c> (without keepends).</summary>
    public static List<string> SplitLines(string s)
    {
        var lines = new List<string>();
        var start = 0;
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029')
            {
                lines.Add(s[start..i]);
                i += c == '\r' && i + 1 < s.Length && s[i + 1] == '\n' ? 2 : 1;
                start = i;
            }
            else
            {
                i++;
            }
        }

        if (start < s.Length)
        {
            lines.Add(s[start..]);
        }

        return lines;
    }

    /// <summary>Python's <c>str.split(sep, maxsplit)</c>; a null separator splits on runs of whitespace.</summary>
    public static List<object?> Split(string s, string? sep, long maxSplit)
    {
        var parts = new List<object?>();
        if (sep is null)
        {
            var i = 0;
            while (true)
            {
                while (i < s.Length && IsSpace(s[i]))
                {
                    i++;
                }

                if (i >= s.Length)
                {
                    break;
                }

                if (maxSplit >= 0 && parts.Count >= maxSplit)
                {
                    parts.Add(RStrip(s[i..]));
                    break;
                }

                var start = i;
                while (i < s.Length && !IsSpace(s[i]))
                {
                    i++;
                }

                parts.Add(s[start..i]);
            }

            return parts;
        }

        if (sep.Length == 0)
        {
            throw TemplateError.Runtime("empty separator");
        }

        var from = 0;
        while (maxSplit < 0 || parts.Count < maxSplit)
        {
            var at = s.IndexOf(sep, from, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }

            parts.Add(s[from..at]);
            from = at + sep.Length;
        }

        parts.Add(s[from..]);
        return parts;
    }

    /// <summary>Python's <c>str.rsplit(sep, maxsplit)</c>.</summary>
    public static List<object?> RSplit(string s, string? sep, long maxSplit)
    {
        if (maxSplit < 0)
        {
            return Split(s, sep, maxSplit);
        }

        var reversedParts = new List<object?>();
        if (sep is null)
        {
            var i = s.Length;
            while (true)
            {
                while (i > 0 && IsSpace(s[i - 1]))
                {
                    i--;
                }

                if (i <= 0)
                {
                    break;
                }

                if (reversedParts.Count >= maxSplit)
                {
                    reversedParts.Add(LStrip(s[..i]));
                    break;
                }

                var end = i;
                while (i > 0 && !IsSpace(s[i - 1]))
                {
                    i--;
                }

                reversedParts.Add(s[i..end]);
            }
        }
        else
        {
            if (sep.Length == 0)
            {
                throw TemplateError.Runtime("empty separator");
            }

            var to = s.Length;
            while (reversedParts.Count < maxSplit)
            {
                var at = to - sep.Length < 0 ? -1 : s.LastIndexOf(sep, to - 1, StringComparison.Ordinal);
                if (at < 0 || at + sep.Length > to)
                {
                    break;
                }

                reversedParts.Add(s[(at + sep.Length)..to]);
                to = at;
            }

            reversedParts.Add(s[..to]);
        }

        reversedParts.Reverse();
        return reversedParts;
    }

    /// <summary>Python's <c>str.replace(old, new, count)</c>; an empty <paramref name="old"/> inserts between code points.</summary>
    public static string Replace(string s, string old, string replacement, long count = -1)
    {
        if (count == 0)
        {
            return s;
        }

        if (old.Length == 0)
        {
            var sb = new StringBuilder();
            var n = 0L;
            var points = CodePoints(s);
            foreach (var point in points)
            {
                if (count < 0 || n < count)
                {
                    sb.Append(replacement);
                    n++;
                }

                sb.Append(point);
            }

            if (count < 0 || n < count)
            {
                sb.Append(replacement);
            }

            return sb.ToString();
        }

        if (count < 0)
        {
            return s.Replace(old, replacement, StringComparison.Ordinal);
        }

        var result = new StringBuilder();
        var from = 0;
        var done = 0L;
        while (done < count)
        {
            var at = s.IndexOf(old, from, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }

            result.Append(s, from, at - from).Append(replacement);
            from = at + old.Length;
            done++;
        }

        return result.Append(s, from, s.Length - from).ToString();
    }

    /// <summary>Python's <c>str.capitalize()</c>: first character upper-cased, the rest lower-cased.</summary>
    public static string Capitalize(string s) =>
        s.Length == 0 ? s : Upper(s[..1]) + Lower(s[1..]);

    public static string Upper(string s) => s.ToUpperInvariant();

    public static string Lower(string s) => s.ToLowerInvariant();

    /// <summary>Python's <c>str.title()</c>: a cased character after an uncased one is upper-cased, others lower-cased.</summary>
    public static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        var previousCased = false;
        foreach (var c in s)
        {
            var cased = char.IsLetter(c) && (char.IsUpper(c) || char.IsLower(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.TitlecaseLetter);
            sb.Append(cased ? (previousCased ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)) : c);
            previousCased = cased;
        }

        return sb.ToString();
    }

    /// <summary>The string as a list of code points (each a 1- or 2-unit string).</summary>
    public static List<string> CodePoints(string s)
    {
        var list = new List<string>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                list.Add(s.Substring(i, 2));
                i++;
            }
            else
            {
                list.Add(s[i].ToString());
            }
        }

        return list;
    }

    /// <summary>Python's <c>len(str)</c>: code points, not UTF-16 units.</summary>
    public static int Length(string s)
    {
        var n = s.Length;
        for (var i = 0; i + 1 < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && char.IsLowSurrogate(s[i + 1]))
            {
                n--;
                i++;
            }
        }

        return n;
    }

    private static bool HasSurrogates(string s)
    {
        foreach (var c in s)
        {
            if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The code point at a Python index (negative counts from the end), or null when out of range.</summary>
    public static string? At(string s, long index)
    {
        if (!HasSurrogates(s))
        {
            var i = index < 0 ? index + s.Length : index;
            return i >= 0 && i < s.Length ? s[(int)i].ToString() : null;
        }

        var points = CodePoints(s);
        var j = index < 0 ? index + points.Count : index;
        return j >= 0 && j < points.Count ? points[(int)j] : null;
    }

    /// <summary>Python's <c>s[start:stop:step]</c> over code points.</summary>
    public static string Slice(string s, long? start, long? stop, long? step)
    {
        var points = HasSurrogates(s) ? CodePoints(s) : null;
        var count = points?.Count ?? s.Length;
        var sb = new StringBuilder();
        foreach (var i in PySlice.Indices(count, start, stop, step))
        {
            if (points is null)
            {
                sb.Append(s[i]);
            }
            else
            {
                sb.Append(points[i]);
            }
        }

        return sb.ToString();
    }

    /// <summary>markupsafe's <c>escape</c>: &amp;, &lt;, &gt;, ' and " become HTML entities.</summary>
    public static string HtmlEscape(string s)
    {
        if (s.AsSpan().IndexOfAny("&<>'\"") < 0)
        {
            return s;
        }

        var sb = new StringBuilder(s.Length + 16);
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '\'' => "&#39;",
                '"' => "&#34;",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Sharpen.Tokenization.Templates.Runtime;

namespace Sharpen.Tokenization.Templates.Lexing;

/// <summary>
/// Splits a Jinja template into tokens, applying whitespace control the way Python Jinja2's lexer does:
/// <c>-</c> on a tag strips whitespace on that side, <c>+</c> disables <c>lstrip_blocks</c>/<c>trim_blocks</c>,
/// <c>trim_blocks</c> drops the first newline after a block or comment tag, <c>lstrip_blocks</c> drops spaces and tabs
/// from the start of a line up to a block or comment tag, and one trailing newline of the template is dropped
/// (Jinja's <c>keep_trailing_newline=False</c>). Newlines are normalised to <c>\n</c> first, as Jinja does.
/// Works on offsets of the original text (unlike @huggingface/jinja's regex pre-pass), so string literals that
/// happen to contain <c>%}</c> are left alone.
/// </summary>
internal sealed partial class TemplateLexer
{
    private static readonly string[] s_operators =
    [
        "**", "//", "==", "!=", ">=", "<=",
        "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";",
    ];

    private readonly string _src;
    private readonly bool _trimBlocks;
    private readonly bool _lstripBlocks;
    private readonly List<TemplateToken> _tokens = [];
    private int _pos;

    private TemplateLexer(string normalizedSource, bool trimBlocks, bool lstripBlocks)
    {
        _src = normalizedSource;
        _trimBlocks = trimBlocks;
        _lstripBlocks = lstripBlocks;
    }

    /// <summary>Normalises newlines (<c>\r\n</c> and <c>\r</c> become <c>\n</c>) and drops one trailing newline.</summary>
    public static string Normalize(string source)
    {
        var text = source.Contains('\r', StringComparison.Ordinal)
            ? source.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')
            : source;
        return text.EndsWith('\n') ? text[..^1] : text;
    }

    /// <summary>Tokenises an already <see cref="Normalize"/>d source.</summary>
    public static List<TemplateToken> Tokenize(string normalizedSource, bool trimBlocks = true, bool lstripBlocks = true)
    {
        var lexer = new TemplateLexer(normalizedSource, trimBlocks, lstripBlocks);
        lexer.Run();
        return lexer._tokens;
    }

    private void Run()
    {
        var lineStarting = true;
        while (_pos < _src.Length)
        {
            var tagStart = FindTagStart(_pos);
            if (tagStart < 0)
            {
                _tokens.Add(new TemplateToken(TokenKind.Data, _src[_pos..], _pos));
                _pos = _src.Length;
                break;
            }

            var kind = _src[tagStart + 1];
            var sign = tagStart + 2 < _src.Length && (_src[tagStart + 2] == '-' || _src[tagStart + 2] == '+') ? _src[tagStart + 2] : '\0';
            var text = _src[_pos..tagStart];
            if (sign == '-')
            {
                text = PyText.RStrip(text);
            }
            else if (sign != '+' && _lstripBlocks && kind != '{')
            {
                var lineStart = text.LastIndexOf('\n') + 1;
                if ((lineStart > 0 || lineStarting) && lineStart < text.Length && PyText.IsAllSpace(text.AsSpan(lineStart)))
                {
                    text = text[..lineStart];
                }
            }

            if (text.Length > 0)
            {
                _tokens.Add(new TemplateToken(TokenKind.Data, text, _pos));
            }

            _pos = tagStart + 2 + (sign == '\0' ? 0 : 1);
            lineStarting = kind switch
            {
                '#' => LexComment(tagStart),
                '%' => LexBlock(tagStart),
                _ => LexVariable(tagStart),
            };
        }

        _tokens.Add(new TemplateToken(TokenKind.End, "", _src.Length));
    }

    private int FindTagStart(int from)
    {
        var i = from;
        while ((i = _src.IndexOf('{', i)) >= 0 && i + 1 < _src.Length)
        {
            var next = _src[i + 1];
            if (next is '{' or '%' or '#')
            {
                return i;
            }

            i++;
        }

        return -1;
    }

    /// <summary>Skips a comment; returns whether the consumed text ended with a newline (Jinja's line_starting).</summary>
    private bool LexComment(int tagStart)
    {
        var end = _src.IndexOf("#}", _pos, StringComparison.Ordinal);
        if (end < 0)
        {
            throw TemplateError.Syntax("Missing end of comment tag ('#}').", tagStart);
        }

        var sign = end > _pos && (_src[end - 1] == '-' || _src[end - 1] == '+') ? _src[end - 1] : '\0';
        _pos = end + 2;
        return ConsumeAfterTagEnd(sign, trimNewline: _trimBlocks);
    }

    private bool ConsumeAfterTagEnd(char sign, bool trimNewline)
    {
        var start = _pos;
        if (sign == '-')
        {
            while (_pos < _src.Length && PyText.IsSpace(_src[_pos]))
            {
                _pos++;
            }
        }
        else if (sign != '+' && trimNewline && _pos < _src.Length && _src[_pos] == '\n')
        {
            _pos++;
        }

        return _pos > start ? _src[_pos - 1] == '\n' : false;
    }

    private bool LexBlock(int tagStart)
    {
        if (TryLexRaw(tagStart))
        {
            return false;
        }

        _tokens.Add(new TemplateToken(TokenKind.BlockBegin, "{%", tagStart));
        var sign = LexInside(tagStart, '%');
        _tokens.Add(new TemplateToken(TokenKind.BlockEnd, "%}", _pos - 2));
        return ConsumeAfterTagEnd(sign, trimNewline: _trimBlocks);
    }

    private bool LexVariable(int tagStart)
    {
        _tokens.Add(new TemplateToken(TokenKind.VariableBegin, "{{", tagStart));
        var sign = LexInside(tagStart, '}');
        _tokens.Add(new TemplateToken(TokenKind.VariableEnd, "}}", _pos - 2));
        return ConsumeAfterTagEnd(sign == '+' ? '\0' : sign, trimNewline: false);
    }

    [GeneratedRegex(@"\G\s*raw\s*([-+]?)%\}")]
    private static partial Regex RawBeginRegex();

    [GeneratedRegex(@"\{%([-+]?)\s*endraw\s*([-+]?)%\}")]
    private static partial Regex RawEndRegex();

    /// <summary><c>{% raw %}...{% endraw %}</c>: the body is emitted as text without interpretation.</summary>
    private bool TryLexRaw(int tagStart)
    {
        var begin = RawBeginRegex().Match(_src, _pos);
        if (!begin.Success)
        {
            return false;
        }

        _pos = begin.Index + begin.Length;
        if (begin.Groups[1].Value == "-")
        {
            while (_pos < _src.Length && PyText.IsSpace(_src[_pos]))
            {
                _pos++;
            }
        }

        var end = RawEndRegex().Match(_src, _pos);
        if (!end.Success)
        {
            throw TemplateError.Syntax("Missing end of raw directive ('{% endraw %}').", tagStart);
        }

        var body = _src[_pos..end.Index];
        if (end.Groups[1].Value == "-")
        {
            body = PyText.RStrip(body);
        }

        if (body.Length > 0)
        {
            _tokens.Add(new TemplateToken(TokenKind.Data, body, _pos));
        }

        _pos = end.Index + end.Length;
        ConsumeAfterTagEnd(end.Groups[2].Value.Length == 1 ? end.Groups[2].Value[0] : '\0', trimNewline: _trimBlocks);
        return true;
    }

    /// <summary>
    /// Lexes the inside of a <c>{% %}</c> (<paramref name="closer"/> '%') or <c>{{ }}</c> ('}') tag up to and including its
    /// end; returns the end's whitespace sign ('-', '+' or '\0'). End tags only count outside brackets, like Jinja.
    /// </summary>
    private char LexInside(int tagStart, char closer)
    {
        var depth = new Stack<char>();
        while (true)
        {
            if (_pos >= _src.Length)
            {
                var what = closer == '%' ? "block tag ('%}')" : "variable tag ('}}')";
                throw TemplateError.Syntax($"Unexpected end of template: missing end of {what}.", tagStart);
            }

            if (depth.Count == 0)
            {
                var c0 = _src[_pos];
                if ((c0 == '-' || c0 == '+') && IsEndAt(_pos + 1, closer))
                {
                    _pos += 3;
                    return c0;
                }

                if (IsEndAt(_pos, closer))
                {
                    _pos += 2;
                    return '\0';
                }
            }

            var c = _src[_pos];
            if (PyText.IsSpace(c))
            {
                _pos++;
                continue;
            }

            var start = _pos;
            if (c is '\'' or '"')
            {
                _tokens.Add(new TemplateToken(TokenKind.String, LexString(c), start));
                continue;
            }

            if (char.IsAsciiDigit(c))
            {
                LexNumber();
                continue;
            }

            if (char.IsLetter(c) || c == '_')
            {
                while (_pos < _src.Length && (char.IsLetterOrDigit(_src[_pos]) || _src[_pos] == '_'))
                {
                    _pos++;
                }

                _tokens.Add(new TemplateToken(TokenKind.Name, _src[start.._pos], start));
                continue;
            }

            var op = MatchOperator();
            if (op is null)
            {
                throw TemplateError.Syntax($"Unexpected character '{c}'.", start);
            }

            switch (op)
            {
                case "(": depth.Push(')'); break;
                case "[": depth.Push(']'); break;
                case "{": depth.Push('}'); break;
                case ")" or "]" or "}":
                    if (depth.Count == 0)
                    {
                        throw TemplateError.Syntax($"Unexpected '{op}'.", start);
                    }

                    var expected = depth.Pop();
                    if (expected != op[0])
                    {
                        throw TemplateError.Syntax($"Unexpected '{op}', expected '{expected}'.", start);
                    }

                    break;
            }

            _pos += op.Length;
            _tokens.Add(new TemplateToken(TokenKind.Operator, op, start));
        }
    }

    private bool IsEndAt(int at, char closer) =>
        at + 1 < _src.Length && _src[at] == closer && _src[at + 1] == '}';

    private string? MatchOperator()
    {
        foreach (var op in s_operators)
        {
            if (string.CompareOrdinal(_src, _pos, op, 0, op.Length) == 0)
            {
                return op;
            }
        }

        return null;
    }

    private void LexNumber()
    {
        var start = _pos;
        ConsumeDigits();
        var isFloat = false;
        var afterDot = start > 0 && _src[start - 1] == '.';
        if (!afterDot && _pos + 1 < _src.Length && _src[_pos] == '.' && char.IsAsciiDigit(_src[_pos + 1]))
        {
            isFloat = true;
            _pos++;
            ConsumeDigits();
        }

        if (!afterDot && _pos < _src.Length && (_src[_pos] == 'e' || _src[_pos] == 'E'))
        {
            var save = _pos;
            _pos++;
            if (_pos < _src.Length && (_src[_pos] == '+' || _src[_pos] == '-'))
            {
                _pos++;
            }

            if (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
            {
                isFloat = true;
                ConsumeDigits();
            }
            else
            {
                _pos = save;
            }
        }

        var text = _src[start.._pos].Replace("_", "", StringComparison.Ordinal);
        _tokens.Add(new TemplateToken(isFloat ? TokenKind.Float : TokenKind.Integer, text, start));
    }

    private void ConsumeDigits()
    {
        while (_pos < _src.Length && (char.IsAsciiDigit(_src[_pos]) || (_src[_pos] == '_' && _pos + 1 < _src.Length && char.IsAsciiDigit(_src[_pos + 1]))))
        {
            _pos++;
        }
    }

    /// <summary>Reads a quoted literal and applies Python's escapes (Jinja decodes literals with unicode-escape).</summary>
    private string LexString(char quote)
    {
        var start = _pos;
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _src.Length)
            {
                throw TemplateError.Syntax("Unterminated string literal.", start);
            }

            var c = _src[_pos++];
            if (c == quote)
            {
                return sb.ToString();
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (_pos >= _src.Length)
            {
                throw TemplateError.Syntax("Unterminated string literal.", start);
            }

            var e = _src[_pos++];
            switch (e)
            {
                case '\n': break;
                case '\\': sb.Append('\\'); break;
                case '\'': sb.Append('\''); break;
                case '"': sb.Append('"'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case 'x': sb.Append(ReadHexEscape(2, start)); break;
                case 'u': sb.Append(ReadHexEscape(4, start)); break;
                case 'U': sb.Append(ReadHexEscape(8, start)); break;
                case >= '0' and <= '7':
                    var value = e - '0';
                    for (var k = 0; k < 2 && _pos < _src.Length && _src[_pos] is >= '0' and <= '7'; k++)
                    {
                        value = (value * 8) + (_src[_pos++] - '0');
                    }

                    sb.Append((char)value);
                    break;
                default:
                    sb.Append('\\').Append(e);
                    break;
            }
        }
    }

    private string ReadHexEscape(int digits, int literalStart)
    {
        if (_pos + digits > _src.Length
            || !int.TryParse(_src.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            || code > 0x10FFFF)
        {
            throw TemplateError.Syntax($"Invalid \\x/\\u escape in string literal (needs {digits} hex digits).", literalStart);
        }

        _pos += digits;
        return char.ConvertFromUtf32(code is >= 0xD800 and <= 0xDFFF ? 0xFFFD : code);
    }
}

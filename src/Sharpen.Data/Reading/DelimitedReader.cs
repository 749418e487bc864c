using System.Buffers;
using System.Text;
using System.Text.Json;
using Sharpen.Data.Validation;

namespace Sharpen.Data.Reading;

/// <summary>
/// Reads CSV or TSV with a header row, following RFC 4180: fields may be quoted, a quote inside a quoted field is
/// doubled, and quoted fields may span lines (each row keeps the line it starts on). Parsing is done on bytes, so
/// invalid UTF-8 is reported per row. Each row becomes a JSON object of strings keyed by the header, so the rest of
/// the pipeline sees one record shape.
/// </summary>
internal static class DelimitedReader
{
    public static IEnumerable<SourceRecord> Read(Stream stream, string file, byte delimiter, int maxLineBytes, IssueCollector issues)
    {
        var parser = new RowParser(stream, delimiter, maxLineBytes);
        string[]? header = null;
        var json = new ArrayBufferWriter<byte>();
        while (parser.TryReadRow(out var row))
        {
            if (row.Error is { } error)
            {
                issues.Error(error.Code, file, row.Line, error.Message);
                continue;
            }

            if (row.Fields.Count == 1 && row.Fields[0].Length == 0 && !row.AnyQuoted)
            {
                continue; // blank line
            }

            var texts = new string[row.Fields.Count];
            var badField = -1;
            for (var i = 0; i < texts.Length && badField < 0; i++)
            {
                var bytes = row.Fields[i];
                if (Utf8Check.FirstInvalidByte(bytes) >= 0)
                {
                    badField = i;
                }
                else
                {
                    texts[i] = Encoding.UTF8.GetString(bytes);
                }
            }

            if (badField >= 0)
            {
                issues.Error(IssueCodes.InvalidUtf8, file, row.Line, $"Field {badField + 1} contains bytes that are not valid UTF-8; re-encode the file as UTF-8.");
                if (header is null)
                {
                    yield break;
                }

                continue;
            }

            if (header is null)
            {
                if (texts.Length > 0)
                {
                    texts[0] = texts[0].TrimStart('\uFEFF');
                }

                header = UniqueNames(texts);
                continue;
            }

            if (texts.Length != header.Length)
            {
                issues.Error(IssueCodes.FieldCountMismatch, file, row.Line, $"Row has {texts.Length} fields but the header has {header.Length}; quote fields that contain the delimiter.");
                continue;
            }

            json.Clear();
            using (var writer = new Utf8JsonWriter(json))
            {
                writer.WriteStartObject();
                for (var i = 0; i < header.Length; i++)
                {
                    writer.WriteString(header[i], texts[i]);
                }

                writer.WriteEndObject();
            }

            using var document = JsonDocument.Parse(json.WrittenMemory);
            yield return new SourceRecord(row.Line, document.RootElement);
        }

        if (header is null)
        {
            issues.Error(IssueCodes.EmptyFile, file, null, "The file has no header row.");
        }
        else if (parser.DataRows == 0)
        {
            issues.Error(IssueCodes.EmptyFile, file, null, "The file has a header but no data rows.");
        }
    }

    private static string[] UniqueNames(string[] names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new string[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i].Trim();
            if (name.Length == 0)
            {
                name = $"column{i + 1}";
            }

            var unique = name;
            for (var n = 2; !seen.Add(unique); n++)
            {
                unique = $"{name}_{n}";
            }

            result[i] = unique;
        }

        return result;
    }

    private readonly record struct RowError(string Code, string Message);

    private sealed class Row
    {
        public List<byte[]> Fields { get; } = [];

        public long Line { get; set; }

        public bool AnyQuoted { get; set; }

        public RowError? Error { get; set; }
    }

    /// <summary>The byte-level RFC 4180 state machine.</summary>
    private sealed class RowParser(Stream stream, byte delimiter, int maxRowBytes)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private readonly List<byte> _field = [];
        private int _pos;
        private int _len;
        private long _line = 1;
        private bool _first = true;

        public long DataRows { get; private set; }

        public bool TryReadRow(out Row row)
        {
            row = new Row { Line = _line };
            if (!TryPeek(out _))
            {
                return false;
            }

            var rowBytes = 0;
            var quoted = false;
            var fieldWasQuoted = false;
            while (true)
            {
                if (!TryNext(out var b))
                {
                    if (quoted)
                    {
                        row.Error = new RowError(IssueCodes.UnterminatedQuote, "A quoted field is never closed; the rest of the file was read into it.");
                        return true;
                    }

                    EndField(row);
                    return Finish(row);
                }

                if (++rowBytes > maxRowBytes)
                {
                    SkipToRowEnd(quoted);
                    row.Error = new RowError(IssueCodes.LineTooLong, $"Row is longer than {maxRowBytes:N0} bytes and was skipped.");
                    return true;
                }

                if (b == (byte)'\n')
                {
                    _line++;
                }

                if (quoted)
                {
                    if (b == (byte)'"')
                    {
                        if (TryPeek(out var next) && next == (byte)'"')
                        {
                            TryNext(out _);
                            _field.Add((byte)'"');
                        }
                        else
                        {
                            quoted = false;
                        }
                    }
                    else
                    {
                        _field.Add(b);
                    }

                    continue;
                }

                if (b == (byte)'"' && _field.Count == 0 && !fieldWasQuoted)
                {
                    quoted = true;
                    fieldWasQuoted = true;
                    row.AnyQuoted = true;
                }
                else if (b == delimiter)
                {
                    EndField(row);
                    fieldWasQuoted = false;
                }
                else if (b == (byte)'\n')
                {
                    EndField(row);
                    return Finish(row);
                }
                else if (b == (byte)'\r' && TryPeek(out var next) && next == (byte)'\n')
                {
                    // CRLF: the \n ends the row.
                }
                else
                {
                    // Lenient: a stray quote inside an unquoted field, or text after a closing quote, is kept literally.
                    _field.Add(b);
                }
            }
        }

        private bool Finish(Row row)
        {
            if (_first)
            {
                _first = false;
            }
            else if (row.Error is null && !(row.Fields.Count == 1 && row.Fields[0].Length == 0 && !row.AnyQuoted))
            {
                DataRows++;
            }

            return true;
        }

        private void EndField(Row row)
        {
            row.Fields.Add([.. _field]);
            _field.Clear();
        }

        private void SkipToRowEnd(bool quoted)
        {
            _field.Clear();
            while (TryNext(out var b))
            {
                if (b == (byte)'"')
                {
                    quoted = !quoted;
                }
                else if (b == (byte)'\n')
                {
                    _line++;
                    if (!quoted)
                    {
                        return;
                    }
                }
            }
        }

        private bool TryPeek(out byte b)
        {
            if (_pos == _len && !Fill())
            {
                b = 0;
                return false;
            }

            b = _buffer[_pos];
            return true;
        }

        private bool TryNext(out byte b)
        {
            if (!TryPeek(out b))
            {
                return false;
            }

            _pos++;
            return true;
        }

        private bool Fill()
        {
            _len = stream.Read(_buffer, 0, _buffer.Length);
            _pos = 0;
            return _len > 0;
        }
    }
}

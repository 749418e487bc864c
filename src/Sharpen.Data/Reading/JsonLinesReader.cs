using System.Text.Json;
using Sharpen.Data.Validation;

namespace Sharpen.Data.Reading;

/// <summary>
/// Streams JSON Lines: one record per line, each parsed on its own so that a broken line is reported (invalid JSON,
/// invalid UTF-8, too long) and the next one is still read. Blank lines are skipped.
/// </summary>
internal static class JsonLinesReader
{
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 64 };

    public static IEnumerable<SourceRecord> Read(Stream stream, string file, int maxLineBytes, IssueCollector issues)
    {
        var reader = new ByteLineReader(stream, maxLineBytes);
        long lineNumber = 0;
        var sawContent = false;
        while (reader.TryReadLine(out var line, out var tooLong))
        {
            lineNumber++;
            if (tooLong)
            {
                sawContent = true;
                issues.Error(IssueCodes.LineTooLong, file, lineNumber, $"Line is longer than {maxLineBytes:N0} bytes and was skipped; raise the maximum line length or shorten the example.");
                continue;
            }

            if (lineNumber == 1 && line.Span.StartsWith("\uFEFF"u8))
            {
                line = line[3..];
            }

            if (IsBlank(line.Span))
            {
                continue;
            }

            sawContent = true;
            var bad = Utf8Check.FirstInvalidByte(line.Span);
            if (bad >= 0)
            {
                issues.Error(IssueCodes.InvalidUtf8, file, lineNumber, $"Invalid UTF-8 byte 0x{line.Span[bad]:X2} at byte {bad + 1} of the line; re-encode the file as UTF-8.");
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line, s_options);
            }
            catch (JsonException e)
            {
                issues.Error(IssueCodes.InvalidJson, file, lineNumber, $"Not valid JSON at byte {e.BytePositionInLine + 1}: {FirstSentence(e.Message)}");
                continue;
            }

            using (document)
            {
                yield return new SourceRecord(lineNumber, document.RootElement);
            }
        }

        if (!sawContent)
        {
            issues.Error(IssueCodes.EmptyFile, file, null, "The file contains no records.");
        }
    }

    internal static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }

    internal static string FirstSentence(string message)
    {
        // System.Text.Json appends "Path: $ | LineNumber: 0 | BytePositionInLine: 5." which only repeats the location.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

using System.Text.Json;
using Sharpen.Data.Validation;

namespace Sharpen.Data.Reading;

/// <summary>
/// Reads a file holding one JSON array of records. The file is read whole (JSON arrays are the small-data format;
/// use JSON Lines beyond a few hundred megabytes); each element keeps the line it starts on.
/// </summary>
internal static class JsonArrayReader
{
    public static IEnumerable<SourceRecord> Read(Stream stream, string file, IssueCollector issues)
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var bytes = memory.GetBuffer().AsMemory(0, (int)memory.Length);
        if (bytes.Span.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        if (JsonLinesReader.IsBlank(bytes.Span.Trim("\n"u8)))
        {
            issues.Error(IssueCodes.EmptyFile, file, null, "The file contains no records.");
            yield break;
        }

        var bad = Utf8Check.FirstInvalidByte(bytes.Span);
        if (bad >= 0)
        {
            issues.Error(IssueCodes.InvalidUtf8, file, LineAt(bytes.Span, bad), $"Invalid UTF-8 byte 0x{bytes.Span[bad]:X2}; re-encode the file as UTF-8.");
            yield break;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            issues.Error(IssueCodes.InvalidJson, file, (e.LineNumber ?? 0) + 1, $"Not valid JSON at byte {(e.BytePositionInLine ?? 0) + 1} of the line: {JsonLinesReader.FirstSentence(e.Message)}");
            yield break;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                issues.Error(IssueCodes.DataType, file, 1, $"Expected a JSON array of examples but found a {document.RootElement.ValueKind}.");
                yield break;
            }

            if (document.RootElement.GetArrayLength() == 0)
            {
                issues.Error(IssueCodes.EmptyFile, file, null, "The JSON array is empty.");
                yield break;
            }

            // Element start offsets come from a second, token-level pass; JsonElement does not expose positions.
            var starts = ElementStarts(bytes.Span);
            var index = 0;
            long line = 1;
            var counted = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var start = starts[index++];
                line += bytes.Span[counted..start].Count((byte)'\n');
                counted = start;
                yield return new SourceRecord(line, element);
            }
        }
    }

    private static List<int> ElementStarts(ReadOnlySpan<byte> bytes)
    {
        var starts = new List<int>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 64 });
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
            {
                starts.Add((int)reader.TokenStartIndex);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
        }

        return starts;
    }

    private static long LineAt(ReadOnlySpan<byte> bytes, int offset) => bytes[..offset].Count((byte)'\n') + 1;
}

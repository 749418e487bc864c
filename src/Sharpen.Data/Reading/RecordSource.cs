using System.IO.Compression;
using Sharpen.Data.Validation;

namespace Sharpen.Data.Reading;

/// <summary>
/// Opens a dataset file (gzip is unwrapped transparently), works out its container format and streams its records.
/// </summary>
internal static class RecordSource
{
    public static DatasetFileFormat Detect(string path, DatasetFileFormat requested)
    {
        if (requested != DatasetFileFormat.Auto)
        {
            return requested;
        }

        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        var extension = Path.GetExtension(name).ToLowerInvariant();
        switch (extension)
        {
            case ".jsonl" or ".ndjson" or ".jsonlines":
                return DatasetFileFormat.JsonLines;
            case ".csv":
                return DatasetFileFormat.Csv;
            case ".tsv" or ".tab":
                return DatasetFileFormat.Tsv;
            case ".parquet" or ".pq":
                return DatasetFileFormat.Parquet;
        }

        // .json or unknown: look at the content.
        Span<byte> head = stackalloc byte[512];
        int read;
        using (var stream = OpenDecompressed(path))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        head = head[..read];
        if (head.StartsWith("PAR1"u8))
        {
            return DatasetFileFormat.Parquet;
        }

        if (head.StartsWith("\uFEFF"u8))
        {
            head = head[3..];
        }

        var trimmed = head.TrimStart(" \t\r\n"u8);
        if (trimmed.Length > 0 && trimmed[0] == (byte)'[')
        {
            return DatasetFileFormat.JsonArray;
        }

        if (trimmed.Length > 0 && trimmed[0] == (byte)'{' || extension == ".json")
        {
            return DatasetFileFormat.JsonLines;
        }

        var firstLine = head.IndexOf((byte)'\n') is var nl and >= 0 ? head[..nl] : head;
        return firstLine.Contains((byte)'\t') && !firstLine.Contains((byte)',') ? DatasetFileFormat.Tsv : DatasetFileFormat.Csv;
    }

    public static IEnumerable<SourceRecord> Read(string path, DatasetFileFormat format, int maxLineBytes, IssueCollector issues)
    {
        Stream stream;
        try
        {
            stream = OpenDecompressed(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            issues.Error(IssueCodes.UnreadableFile, path, null, $"Cannot open the file: {e.Message}");
            yield break;
        }

        using (stream)
        {
            var records = format switch
            {
                DatasetFileFormat.JsonArray => JsonArrayReader.Read(stream, path, issues),
                DatasetFileFormat.Csv => DelimitedReader.Read(stream, path, (byte)',', maxLineBytes, issues),
                DatasetFileFormat.Tsv => DelimitedReader.Read(stream, path, (byte)'\t', maxLineBytes, issues),
                DatasetFileFormat.Parquet => ParquetRecordReader.Read(SeekableCopy(stream), path, issues),
                _ => JsonLinesReader.Read(stream, path, maxLineBytes, issues),
            };
            using var e = records.GetEnumerator();
            while (true)
            {
                bool moved;
                try
                {
                    moved = e.MoveNext();
                }
                catch (InvalidDataException ex)
                {
                    // A corrupt gzip stream or Parquet page: report where reading stopped instead of crashing.
                    issues.Error(IssueCodes.UnreadableFile, path, null, $"Reading stopped: the data is corrupt ({ex.Message}).");
                    yield break;
                }

                if (!moved)
                {
                    yield break;
                }

                yield return e.Current;
            }
        }
    }

    private static Stream OpenDecompressed(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[2];
        var n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b
            ? new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16)
            : file;
    }

    private static Stream SeekableCopy(Stream stream)
    {
        if (stream.CanSeek)
        {
            return stream;
        }

        var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }
}

using System.Text;
using System.Text.Json;

namespace Sharpen.Core.Training;

/// <summary>
/// Reads and writes tokenised datasets as JSON Lines, one <c>{"input_ids":[...],"loss_mask":[0,1,...]}</c> object per line,
/// so a dataset is tokenised once and every run reads the same ids. Errors name the file and the line.
/// </summary>
public static class TokenizedExampleJsonl
{
    /// <summary>Reads every example of <paramref name="path"/>; blank lines are skipped.</summary>
    /// <exception cref="InvalidDataException">a line is not a valid example (the message names file and line)</exception>
    public static IReadOnlyList<TokenizedExample> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Tokenized dataset '{path}' does not exist.", path);
        }

        var examples = new List<TokenizedExample>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            examples.Add(Parse(line, path, lineNumber));
        }

        return examples;
    }

    /// <summary>Writes <paramref name="examples"/> to <paramref name="path"/> through a temporary file and a rename.</summary>
    public static void Write(string path, IEnumerable<TokenizedExample> examples)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(examples);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + $".{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
            {
                foreach (var example in examples)
                {
                    writer.Write(Format(example));
                    writer.Write('\n');
                }

                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>One example as a single JSON line (without the newline).</summary>
    public static string Format(TokenizedExample example)
    {
        ArgumentNullException.ThrowIfNull(example);
        var builder = new StringBuilder("{\"input_ids\":[");
        builder.AppendJoin(',', example.InputIds);
        builder.Append("],\"loss_mask\":[");
        builder.AppendJoin(',', example.LossMask.Select(m => m ? '1' : '0'));
        builder.Append("]}");
        return builder.ToString();
    }

    private static TokenizedExample Parse(string line, string path, int lineNumber)
    {
        string Where() => $"{path}:{lineNumber}";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{Where()}: not valid JSON ({ex.Message}).", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{Where()}: expected an object with input_ids and loss_mask, found {root.ValueKind}.");
            }

            if (!root.TryGetProperty("input_ids", out var ids) || ids.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{Where()}: missing the array 'input_ids'.");
            }

            if (!root.TryGetProperty("loss_mask", out var mask) || mask.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{Where()}: missing the array 'loss_mask'.");
            }

            var inputIds = new int[ids.GetArrayLength()];
            var index = 0;
            foreach (var id in ids.EnumerateArray())
            {
                if (id.ValueKind != JsonValueKind.Number || !id.TryGetInt32(out var value) || value < 0)
                {
                    throw new InvalidDataException($"{Where()}: input_ids[{index}] is {id.GetRawText()}, not a non-negative integer token id.");
                }

                inputIds[index++] = value;
            }

            var lossMask = new bool[mask.GetArrayLength()];
            index = 0;
            foreach (var flag in mask.EnumerateArray())
            {
                lossMask[index] = flag.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number when flag.TryGetInt32(out var bit) && bit is 0 or 1 => bit == 1,
                    _ => throw new InvalidDataException($"{Where()}: loss_mask[{index}] is {flag.GetRawText()}; use 0/1 or false/true."),
                };
                index++;
            }

            if (inputIds.Length == 0)
            {
                throw new InvalidDataException($"{Where()}: input_ids is empty.");
            }

            if (lossMask.Length != inputIds.Length)
            {
                throw new InvalidDataException($"{Where()}: loss_mask has {lossMask.Length} entries but input_ids has {inputIds.Length}; they must match one to one.");
            }

            return new TokenizedExample(inputIds, lossMask);
        }
    }
}

using Sharpen.Core.IO;
using System.Text;
using System.Text.Json;

namespace Sharpen.Training.Monitoring;

/// <summary>
/// An append-only JSON Lines file: one object per line, flushed to the OS after each line so a killed process loses at
/// most the line it was writing (readers skip a torn last line).
/// </summary>
internal sealed class JsonLines : IDisposable
{
    private readonly FileStream _stream;

    public JsonLines(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    public string Path { get; }

    public void Append(Action<Utf8JsonWriter> writeProperties)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        _stream.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
        _stream.Flush();
    }

    /// <summary>Writes a double, or null when it is not finite (JSON has no NaN or infinity).</summary>
    public static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>
    /// Rewrites <paramref name="path"/> keeping only the complete lines <paramref name="keep"/> accepts (through a
    /// temporary file and a rename). Used on resume to drop what a killed run logged after its last checkpoint.
    /// </summary>
    public static void Filter(string path, Func<JsonElement, bool> keep)
    {
        if (!File.Exists(path))
        {
            return;
        }

        var kept = new StringBuilder();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                if (keep(document.RootElement))
                {
                    kept.Append(line).Append('\n');
                }
            }
            catch (JsonException)
            {
                // A line torn by a kill: it was never complete, so it is not part of the record.
            }
        }

        AtomicFile.WriteAllText(path, kept.ToString());
    }

    public void Dispose() => _stream.Dispose();
}

using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Sharpen.Data.Validation;

namespace Sharpen.Data.Reading;

/// <summary>
/// Reads flat Parquet columns (strings, numbers, booleans) one row group at a time with Parquet.Net, turning each
/// row into a JSON object so the rest of the pipeline sees one record shape. The "line" of a row is its 1-based row
/// number. Nested or binary columns are reported once and left out.
/// </summary>
internal static class ParquetRecordReader
{
    public static IEnumerable<SourceRecord> Read(Stream stream, string file, IssueCollector issues)
    {
        ParquetReader reader;
        try
        {
            reader = ParquetReader.CreateAsync(stream, leaveStreamOpen: true).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            issues.Error(IssueCodes.UnreadableFile, file, null, $"Not a readable Parquet file: {e.Message}");
            yield break;
        }

        try
        {
            var fields = new List<DataField>();
            foreach (var field in reader.Schema.GetDataFields())
            {
                if (field.IsArray || field.Path.Length > 1 || !IsSupported(field.ClrType))
                {
                    issues.Warning(IssueCodes.UnsupportedColumn, file, null, $"Column '{field.Path}' ({field.ClrType.Name}{(field.IsArray ? "[]" : string.Empty)}, depth {field.Path.Length}) is nested or binary and was left out; only flat text, number and boolean columns are read.");
                }
                else
                {
                    fields.Add(field);
                }
            }

            long row = 0;
            var json = new ArrayBufferWriter<byte>();
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var count = checked((int)group.RowCount);
                var columns = new string?[fields.Count][];
                for (var f = 0; f < fields.Count; f++)
                {
                    columns[f] = ReadColumn(group, fields[f], count);
                }

                for (var r = 0; r < count; r++)
                {
                    row++;
                    json.Clear();
                    using (var writer = new Utf8JsonWriter(json))
                    {
                        writer.WriteStartObject();
                        for (var f = 0; f < fields.Count; f++)
                        {
                            if (columns[f][r] is { } value)
                            {
                                writer.WriteString(fields[f].Name, value);
                            }
                            else
                            {
                                writer.WriteNull(fields[f].Name);
                            }
                        }

                        writer.WriteEndObject();
                    }

                    using var document = JsonDocument.Parse(json.WrittenMemory);
                    yield return new SourceRecord(row, document.RootElement);
                }
            }

            if (row == 0)
            {
                issues.Error(IssueCodes.EmptyFile, file, null, "The Parquet file has no rows.");
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static string?[] ReadColumn(ParquetRowGroupReader group, DataField field, int count)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var values = new string?[count];
            group.ReadAsync(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
            return values;
        }

        return type switch
        {
            _ when type == typeof(int) => Read<int>(group, field, count),
            _ when type == typeof(long) => Read<long>(group, field, count),
            _ when type == typeof(short) => Read<short>(group, field, count),
            _ when type == typeof(double) => Read<double>(group, field, count),
            _ when type == typeof(float) => Read<float>(group, field, count),
            _ when type == typeof(decimal) => Read<decimal>(group, field, count),
            _ => Read<bool>(group, field, count),
        };
    }

    private static bool IsSupported(Type clrType)
    {
        var type = Nullable.GetUnderlyingType(clrType) ?? clrType;
        // Parquet.Net 6 reports UTF-8 string columns as ReadOnlyMemory<char>; they read as strings.
        return type == typeof(string) || type == typeof(ReadOnlyMemory<char>) || type == typeof(int) || type == typeof(long) || type == typeof(short)
            || type == typeof(double) || type == typeof(float) || type == typeof(decimal) || type == typeof(bool);
    }

    private static string?[] Read<T>(ParquetRowGroupReader group, DataField field, int count)
        where T : struct
    {
        var result = new string?[count];
        if (field.IsNullable)
        {
            var values = new T?[count];
            group.ReadAsync(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
            for (var i = 0; i < count; i++)
            {
                result[i] = values[i] is { } v ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;
            }
        }
        else
        {
            var values = new T[count];
            group.ReadAsync(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
            for (var i = 0; i < count; i++)
            {
                result[i] = Convert.ToString(values[i], CultureInfo.InvariantCulture);
            }
        }

        return result;
    }
}

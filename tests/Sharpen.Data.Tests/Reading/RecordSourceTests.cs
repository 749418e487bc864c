using System.IO.Compression;
using System.Text;
using Parquet;
using Parquet.Schema;
using Sharpen.Data.Formats;
using Sharpen.Data.Reading;
using Sharpen.Data.Validation;
using Sharpen.TestKit;

namespace Sharpen.Data.Tests.Reading;

public sealed class RecordSourceTests
{
    private const string Line = """{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}""";

    [Theory]
    [InlineData("d.jsonl", "{}", DatasetFileFormat.JsonLines)]
    [InlineData("d.json", "[{}]", DatasetFileFormat.JsonArray)]
    [InlineData("d.json", "{}\n{}", DatasetFileFormat.JsonLines)]
    [InlineData("d.csv", "a,b", DatasetFileFormat.Csv)]
    [InlineData("d.tsv", "a\tb", DatasetFileFormat.Tsv)]
    [InlineData("d.txt", "a\tb\n1\t2", DatasetFileFormat.Tsv)]
    [InlineData("d.data", "a,b\n1,2", DatasetFileFormat.Csv)]
    [InlineData("d.data", "  [ {} ]", DatasetFileFormat.JsonArray)]
    public void Detect_ExtensionAndContent_PicksFormat(string name, string content, DatasetFileFormat expected)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File(name), content);

        Assert.Equal(expected, RecordSource.Detect(dir.File(name), DatasetFileFormat.Auto));
    }

    [Fact]
    public void Validate_GzipJsonLines_ReadsEveryLine()
    {
        using var dir = new TempDirectory();
        var path = dir.File("chat.jsonl.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gz.Write(Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(0, 20).Select(i => Line.Replace("\"q\"", $"\"q{i}\"", StringComparison.Ordinal)))));
        }

        var report = DatasetValidator.Validate(path);

        Assert.Equal(DatasetFileFormat.JsonLines, report.FileFormat);
        Assert.Equal(ExampleFormat.Chat, report.Format!.Format);
        Assert.Equal(20, report.ValidExamples);
    }

    [Fact]
    public async Task Validate_ParquetWrittenByParquetNet_ReadsColumnsAsPromptCompletion()
    {
        using var dir = new TempDirectory();
        var path = dir.File("pc.parquet");
        var prompt = new DataField<string>("prompt");
        var completion = new DataField<string>("completion");
        var score = new DataField<int>("score");
        var schema = new ParquetSchema(prompt, completion, score);
        await using (var stream = File.Create(path))
        {
            await using var writer = await ParquetWriter.CreateAsync(schema, stream);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(prompt, new[] { "2+2?", "Capital of France?", "Colour of the sky?" });
            await group.WriteAsync(completion, new[] { "4", "Paris", "Blue" });
            await group.WriteAsync<int>(score, new[] { 1, 2, 3 }.AsMemory());
        }

        var report = DatasetValidator.Validate(path);

        Assert.Equal(DatasetFileFormat.Parquet, report.FileFormat);
        Assert.True(report.Format is not null, string.Join("; ", report.Issues));
        Assert.Equal(ExampleFormat.PromptCompletion, report.Format!.Format);
        Assert.Equal(3, report.ValidExamples);
    }

    [Fact]
    public void Validate_NotParquet_ReportsUnreadable()
    {
        using var dir = new TempDirectory();
        var path = dir.File("fake.parquet");
        File.WriteAllText(path, "PAR1 this is not parquet");

        var report = DatasetValidator.Validate(path);

        Assert.NotEmpty(report.IssuesWithCode(IssueCodes.UnreadableFile));
    }

    [Fact]
    public void Validate_JsonArray_KeepsLineOfEachElement()
    {
        using var dir = new TempDirectory();
        var path = dir.File("a.json");
        File.WriteAllText(path, "[\n  " + Line + ",\n\n  {\"messages\": []}\n]");

        var report = DatasetValidator.Validate(path);

        Assert.Contains(report.IssuesWithCode(IssueCodes.ExampleMissingAssistantMessage), i => i.Line == 4);
    }
}

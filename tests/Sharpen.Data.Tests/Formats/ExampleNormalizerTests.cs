using Sharpen.Data.Analysis;
using Sharpen.Data.Formats;
using Sharpen.Data.Preparation;
using Sharpen.TestKit;

namespace Sharpen.Data.Tests.Formats;

public sealed class ExampleNormalizerTests
{
    [Theory]
    [InlineData("""{"prompt":"Q","completion":"A"}""", ExampleFormat.PromptCompletion)]
    [InlineData("""{"instruction":"Q","input":"","output":"A"}""", ExampleFormat.Alpaca)]
    [InlineData("""{"conversations":[{"from":"human","value":"Q"},{"from":"gpt","value":"A"}]}""", ExampleFormat.ShareGpt)]
    [InlineData("""{"messages":[{"role":"system","content":"S"},{"role":"user","content":"Q"},{"role":"assistant","content":"A","weight":1}]}""", ExampleFormat.Chat)]
    [InlineData("""{"question":"Q","answer":"A","source":"x"}""", ExampleFormat.Columns)]
    public void Prepare_EachFormat_BecomesTheSameChatLine(string record, ExampleFormat expected)
    {
        using var dir = new TempDirectory();
        var input = dir.File("in.jsonl");
        File.WriteAllText(input, record);

        var result = DatasetPreparer.Prepare(new PrepareOptions { InputPath = input, OutputDirectory = dir.File("out") });

        Assert.Equal(expected, result.Report.Format!.Format);
        var line = File.ReadAllText(result.SplitPaths["train"]) + File.ReadAllText(result.SplitPaths["validation"]) + File.ReadAllText(result.SplitPaths["test"]);
        Assert.Contains("""{"role":"user","content":"Q"},{"role":"assistant","content":"A""", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_PreferencePairWithOlderKeys_WritesCurrentDpoFormat()
    {
        using var dir = new TempDirectory();
        var input = dir.File("dpo.jsonl");
        File.WriteAllText(input, """{"input":{"messages":[{"role":"user","content":"Q"}]},"preferred_completion":[{"role":"assistant","content":"good"}],"non_preferred_completion":[{"role":"assistant","content":"bad"}]}""");

        var result = DatasetPreparer.Prepare(new PrepareOptions { InputPath = input, OutputDirectory = dir.File("out") });

        Assert.Equal(ExampleFormat.Preference, result.Report.Format!.Format);
        var all = string.Concat(result.SplitPaths.Values.Select(File.ReadAllText));
        Assert.Equal("""{"input":{"messages":[{"role":"user","content":"Q"}]},"preferred_output":[{"role":"assistant","content":"good"}],"non_preferred_output":[{"role":"assistant","content":"bad"}]}""" + "\n", all);
    }

    [Fact]
    public void Validate_ColumnMappingWithTemplate_BuildsClassificationPrompt()
    {
        using var dir = new TempDirectory();
        var input = dir.File("b.csv");
        File.WriteAllText(input, "text,category\n\"Where is my card?\",card_arrival\n");
        var mapping = ColumnMapping.Classification("text", "category", "Classify the intent: {text}");

        var result = DatasetPreparer.Prepare(new PrepareOptions
        {
            InputPath = input,
            OutputDirectory = dir.File("out"),
            Analysis = new() { Read = new DatasetReadOptions { Columns = mapping } },
        });

        var all = string.Concat(result.SplitPaths.Values.Select(File.ReadAllText));
        Assert.Equal("""{"messages":[{"role":"user","content":"Classify the intent: Where is my card?"},{"role":"assistant","content":"card_arrival"}]}""" + "\n", all);
        Assert.Equal(1, result.Report.LabelCounts["card_arrival"]);
    }
}

using System.Text.Json;
using Sharpen.Data.Analysis;
using Sharpen.Data.Formats;
using Sharpen.Data.Preparation;
using Sharpen.Data.Splitting;
using Sharpen.Data.Tests.TestDoubles;
using Sharpen.Data.Validation;
using Sharpen.TestKit;

namespace Sharpen.Data.Tests.Preparation;

public sealed class DatasetPreparerTests
{
    private static PrepareOptions Banking77(string output, ulong seed = 42) => new()
    {
        InputPath = SharedData.Path("data", "banking77", "train.csv"),
        OutputDirectory = output,
        Analysis = new ValidationOptions
        {
            Read = new DatasetReadOptions { Columns = ColumnMapping.Classification("text", "category", "Classify the intent: {text}") },
            Tokenizer = new WhitespaceTokenizer(),
            ContextLength = 64,
        },
        Split = new SplitOptions { Seed = seed },
    };

    [Fact]
    public void Prepare_Banking77_CountsAddUpAndSplitsAreDisjointAndComplete()
    {
        using var dir = new TempDirectory();

        var result = DatasetPreparer.Prepare(Banking77(dir.File("out")));
        var report = result.Report;

        // 10,003 rows and 77 intents: python3's csv module on the same file (see DelimitedReaderTests).
        Assert.Equal(10_003, report.Records);
        Assert.Equal(10_003, report.ValidExamples);
        Assert.Equal(77, report.LabelCounts.Count);
        Assert.Equal(report.ValidExamples, report.KeptExamples + report.FlaggedByRule.Values.Sum());
        var lines = result.SplitPaths.ToDictionary(p => p.Key, p => File.ReadAllLines(p.Value));
        Assert.Equal(report.KeptExamples, lines.Values.Sum(l => l.Length));
        Assert.Equal(report.Splits!.Splits.Select(s => s.Count), new[] { lines["train"].Length, lines["validation"].Length, lines["test"].Length });
        var all = lines.Values.SelectMany(l => l).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.InRange(lines["train"].Length, 0.79 * report.KeptExamples, 0.81 * report.KeptExamples);
        Assert.InRange(lines["validation"].Length, 0.09 * report.KeptExamples, 0.11 * report.KeptExamples);

        // Every written example is an input row: user text from the template, assistant = its category.
        foreach (var line in all.Take(500))
        {
            using var doc = JsonDocument.Parse(line);
            var messages = doc.RootElement.GetProperty("messages");
            Assert.StartsWith("Classify the intent: ", messages[0].GetProperty("content").GetString(), StringComparison.Ordinal);
            Assert.Contains(messages[1].GetProperty("content").GetString()!, report.LabelCounts.Keys);
        }

        // Token statistics from the whitespace test tokenizer: "Classify the intent:" adds 3 words, the label 1.
        Assert.True(report.Statistics.MinTokens >= 5);
        Assert.Equal(report.KeptExamples, report.Statistics.Examples);
        Assert.True(report.Statistics.MedianTokens <= report.Statistics.P95Tokens && report.Statistics.P95Tokens <= report.Statistics.MaxTokens);
        Assert.Equal(2, report.Statistics.MinMessages);

        using var manifest = JsonDocument.Parse(File.ReadAllText(result.ManifestPath));
        Assert.Equal(64, manifest.RootElement.GetProperty("input").GetProperty("sha256").GetString()!.Length);
        Assert.Equal(lines["train"].Length, manifest.RootElement.GetProperty("splits").GetProperty("train").GetProperty("examples").GetInt32());
        Assert.True(File.Exists(Path.Combine(dir.File("out"), "report.md")));
        Assert.Empty(Directory.GetFiles(dir.File("out"), "*.tmp"));
    }

    [Fact]
    public void Prepare_TwiceSameOptions_ByteIdenticalOutput_OtherSeedDiffers()
    {
        using var dir = new TempDirectory();

        DatasetPreparer.Prepare(Banking77(dir.File("a")));
        DatasetPreparer.Prepare(Banking77(dir.File("b")));
        DatasetPreparer.Prepare(Banking77(dir.File("c"), seed: 7));

        foreach (var name in new[] { "train.jsonl", "validation.jsonl", "test.jsonl", "manifest.json", "report.md", "report.json" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir.File("a"), name)), File.ReadAllBytes(Path.Combine(dir.File("b"), name)));
        }

        Assert.NotEqual(File.ReadAllBytes(Path.Combine(dir.File("a"), "train.jsonl")), File.ReadAllBytes(Path.Combine(dir.File("c"), "train.jsonl")));
    }

    [Fact]
    public void Prepare_OwnOutputAgain_RemovesNothing_DedupIsIdempotent()
    {
        using var dir = new TempDirectory();
        var first = DatasetPreparer.Prepare(Banking77(dir.File("a")));
        var train = first.SplitPaths["train"];

        var second = DatasetPreparer.Prepare(new PrepareOptions { InputPath = train, OutputDirectory = dir.File("b") });

        Assert.Equal(ExampleFormat.Chat, second.Report.Format!.Format);
        Assert.Equal(File.ReadAllLines(train).Length, second.Report.KeptExamples);
        Assert.Empty(second.Report.FlaggedByRule);
    }

    [Fact]
    public void Validate_MedQuad_FindsTheDuplicatesAnIndependentScriptFinds()
    {
        var report = DatasetValidator.Validate(SharedData.Path("data", "medquad", "medquad_with_answers.jsonl"));

        Assert.Equal(16_407, report.Records);
        Assert.Equal(ExampleFormat.Columns, report.Format!.Format);

        // 48 exact duplicates: a separate Python script (unicodedata NFKC + str.split whitespace collapse over the
        // (question, answer) pair, keep-first) counts 48 repeated pairs among the 16,407 rows.
        Assert.Equal(48, report.FlaggedByRule[IssueCodes.ExactDuplicate]);

        // Near duplicates: the same script computes the EXACT Jaccard similarity of lower-cased word 3-shingles for all
        // pairs (prefix filtering, no MinHash) and, keeping the first, drops 1,084 examples at J >= 0.8; 479 of them
        // sit in [0.80, 0.85), right at the threshold, where a 128-permutation MinHash estimate (standard error ~0.035)
        // can fall on either side. So the MinHash count must be within 10% of the exact one.
        Assert.InRange(report.FlaggedByRule[IssueCodes.NearDuplicate], 975, 1192);
        Assert.Contains(report.Flagged, d => d.Rule == IssueCodes.NearDuplicate && d.DuplicateOfLine < d.Line && d.Similarity >= 0.8);
        Assert.Contains(report.IssuesWithCode(IssueCodes.ManyDuplicates), i => i.Severity == IssueSeverity.Warning);
    }

    [Fact]
    public void Prepare_TrainValidationOnly_WritesNoTestFile()
    {
        using var dir = new TempDirectory();
        var options = Banking77(dir.File("out")) with { Split = SplitOptions.TrainValidation() };

        var result = DatasetPreparer.Prepare(options);

        Assert.Equal(["train", "validation"], result.SplitPaths.Keys.Order());
        Assert.False(File.Exists(Path.Combine(dir.File("out"), "test.jsonl")));
        Assert.InRange(result.Report.Splits!.Splits[1].Count, 0.19 * result.Report.KeptExamples, 0.21 * result.Report.KeptExamples);
    }

    [Fact]
    public void Prepare_SamePromptDifferentAnswers_NeverStraddlesSplits()
    {
        using var dir = new TempDirectory();
        var input = dir.File("leak.jsonl");
        File.WriteAllLines(input, Enumerable.Range(0, 300).Select(i =>
            $$"""{"messages":[{"role":"user","content":"Question number {{i % 60}} about topic {{i % 60}}?"},{"role":"assistant","content":"Distinct answer {{i}} with words {{i * 7}} and {{i * 13}}."}]}"""));

        var result = DatasetPreparer.Prepare(new PrepareOptions { InputPath = input, OutputDirectory = dir.File("out") });

        var promptSplits = result.SplitPaths
            .SelectMany(p => File.ReadAllLines(p.Value).Select(l => (Split: p.Key, Prompt: JsonDocument.Parse(l).RootElement.GetProperty("messages")[0].GetProperty("content").GetString())))
            .GroupBy(x => x.Prompt)
            .ToList();
        Assert.Equal(60, promptSplits.Count);
        Assert.All(promptSplits, g => Assert.Single(g.Select(x => x.Split).Distinct()));
        Assert.True(result.Report.Splits!.LeakageMoved > 0);
    }

    [Fact]
    public void Prepare_InvalidOptions_ThrowsNamingTheOption()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => DatasetPreparer.Prepare(new PrepareOptions
        {
            InputPath = "x",
            OutputDirectory = "y",
            Split = new SplitOptions { Train = 0.5, Validation = 0.1, Test = 0.1 },
        }));
        Assert.Contains("add up to 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_ToJsonAndText_CarryTheSameCounts()
    {
        using var dir = new TempDirectory();
        var path = dir.File("d.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, 12).Select(i => $$"""{"prompt":"p{{i}} is a prompt","completion":"c{{i}} answer"}"""));

        var report = DatasetValidator.Validate(path);

        using var json = JsonDocument.Parse(report.ToJson());
        Assert.Equal(12, json.RootElement.GetProperty("valid_examples").GetInt32());
        Assert.Equal("warning", json.RootElement.GetProperty("severity").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("issue_counts").GetProperty(IssueCodes.MemorizationRisk).GetInt32());
        Assert.Contains("memorization_risk", report.ToText(), StringComparison.Ordinal);
        Assert.Contains("| valid examples | 12 |", report.ToMarkdown(), StringComparison.Ordinal);
    }
}

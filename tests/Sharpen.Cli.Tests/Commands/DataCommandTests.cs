using System.Text.Json;
using Sharpen.TestKit;

namespace Sharpen.Cli.Tests.Commands;

public sealed class DataCommandTests
{
    [Fact]
    public void Prepare_Banking77_WritesSplitsWhoseCountsAddUp()
    {
        using var temp = new TempDirectory();
        var output = temp.File("banking77");

        var (code, stdout, console) = CliRunner.Run(
            "data", "prepare", SharedData.Path("data", "banking77", "train.csv"),
            "--prompt-column", "text", "--completion-column", "category", "--label-column", "category",
            "--out", output, "--model", SharedData.Path("models", "stories260K-hf"));

        Assert.True(code == 0, console + stdout);
        var lines = new[] { "train", "validation", "test" }.ToDictionary(s => s, s => File.ReadAllLines(Path.Combine(output, s + ".jsonl")).Length);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "manifest.json")));
        // banking77/train.csv has 10,003 rows (shared/README.md); whatever cleaning removed, the splits hold the rest.
        Assert.Contains("records read           10003", stdout, StringComparison.Ordinal);
        var kept = int.Parse(stdout.Split('\n').First(l => l.StartsWith("kept examples", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(kept, lines.Values.Sum());
        Assert.InRange(lines["train"] / (double)kept, 0.78, 0.82);
        Assert.Equal(JsonValueKind.Object, manifest.RootElement.ValueKind);
    }

    [Fact]
    public void Validate_MalformedLines_ExitsOneAndNamesFileLineAndCode()
    {
        using var temp = new TempDirectory();
        var file = temp.File("bad.jsonl");
        File.WriteAllLines(file,
        [
            """{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}""",
            """{"messages":[{"role":"user","content":"hi"}""",
            """{"messages":[{"role":"wizard","content":"hi"},{"role":"assistant","content":"x"}]}""",
        ]);

        var (code, stdout, _) = CliRunner.Run("data", "validate", file, "--json");

        Assert.Equal(1, code);
        using var report = JsonDocument.Parse(stdout);
        var issues = report.RootElement.GetProperty("issues").EnumerateArray().ToList();
        var byLine = issues.Where(i => i.TryGetProperty("line", out var l) && l.ValueKind == JsonValueKind.Number)
            .Select(i => (Line: i.GetProperty("line").GetInt64(), Code: i.GetProperty("code").GetString()))
            .ToList();
        Assert.Contains((2L, "invalid_json"), byLine);
        Assert.Contains((3L, "unrecognized_role"), byLine);
    }

    [Fact]
    public void Preview_Banking77Row_MarksOnlyTheLabelAsTrained()
    {
        var (code, _, console) = CliRunner.Run(
            "data", "preview", SharedData.Path("data", "banking77", "train.csv"),
            "--prompt-column", "text", "--completion-column", "category", "--model", SharedData.Path("models", "stories260K-hf"));

        Assert.True(code == 0, console);
        Assert.Contains("format: sharpen-plain", console, StringComparison.Ordinal);
        // Row 1 of banking77/train.csv is labelled card_arrival; only it (and EOS) is trained.
        Assert.Contains("[+card_arrival</s>+]", console, StringComparison.Ordinal);
        var rendered = console[(console.IndexOf('\n', StringComparison.Ordinal) + 1)..];
        Assert.Equal(1, rendered.Split("[+").Length - 1);
    }

    [Fact]
    public void Validate_WithModel_FlagsExamplesLongerThanItsContext()
    {
        // stories260K's context is 512 tokens (config.json); 400 words of "time" render to more than that with the plain
        // format, while the short example stays well inside.
        using var temp = new TempDirectory();
        var file = temp.File("long.jsonl");
        var longText = string.Join(' ', Enumerable.Repeat("time upon", 300));
        File.WriteAllLines(file,
        [
            """{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}""",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"" + longText + "\"},{\"role\":\"assistant\",\"content\":\"ok\"}]}",
        ]);

        var (_, stdout, console) = CliRunner.Run("data", "validate", file, "--json", "--model", SharedData.Path("models", "stories260K-hf"));

        using var report = JsonDocument.Parse(stdout);
        var issues = report.RootElement.GetProperty("issues").EnumerateArray().ToList();
        Assert.True(issues.Count > 0, console);
        var overContext = issues.Where(i => i.GetProperty("code").GetString() == "exceeds_context").Select(i => i.GetProperty("line").GetInt64()).ToList();
        Assert.Contains(issues, i => i.GetProperty("code").GetString() == "exceeds_context");
        Assert.Equal([2L], overContext);
    }
}

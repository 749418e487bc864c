using System.Text.Json;
using Sharpen.Evaluation.Metrics;
using Sharpen.TestKit;

namespace Sharpen.Evaluation.Tests.Metrics;

public sealed class NumericAnswerTests
{
    [Fact]
    public void Extract_Gsm8kReference_ReadsTheHashMarkedAnswer()
    {
        // First line of shared/data/gsm8k/train.jsonl ends "#### 72" and mentions 48 and 24 before it.
        var first = JsonDocument.Parse(File.ReadLines(SharedData.Path("data", "gsm8k", "train.jsonl")).First());

        Assert.Equal(72m, NumericAnswer.Extract(first.RootElement.GetProperty("answer").GetString()!));
        Assert.Equal(1_234.5m, NumericAnswer.Extract("so the total is 1,234.5."));
        Assert.Null(NumericAnswer.Extract("no number here"));
    }

    [Fact]
    public void Accuracy_AgreesWithOpenAisGradingOfGsm8kSolutions()
    {
        // shared/data/gsm8k/example_model_solutions.jsonl: OpenAI's published model solutions for the 1,319 test
        // problems, each graded is_correct by OpenAI against the ground truth (final "A: n" answers).
        var agree = 0;
        var total = 0;
        var disagreements = new List<string>();
        foreach (var line in File.ReadLines(SharedData.Path("data", "gsm8k", "example_model_solutions.jsonl")))
        {
            using var row = JsonDocument.Parse(line);
            var truth = row.RootElement.GetProperty("ground_truth").GetString()!;
            foreach (var model in row.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
            {
                var expected = model.Value.GetProperty("is_correct").GetBoolean();
                var actual = NumericAnswer.Accuracy(model.Value.GetProperty("solution").GetString()!, truth) == 1;
                total++;
                if (expected == actual)
                {
                    agree++;
                }
                else if (disagreements.Count < 5)
                {
                    disagreements.Add($"{model.Name}: {model.Value.GetProperty("solution").GetString()![^40..]}");
                }
            }
        }

        Assert.Equal(1319 * 4, total);
        // Every one of the 5,276 graded solutions is scored as OpenAI scored it.
        Assert.True(agree == total, $"{agree}/{total} agree; e.g. {string.Join(" | ", disagreements)}");
    }
}

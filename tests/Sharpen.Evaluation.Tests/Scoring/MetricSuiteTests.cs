using Sharpen.Evaluation.Metrics;
using Sharpen.Evaluation.Scoring;
using Sharpen.Evaluation.Tasks;

namespace Sharpen.Evaluation.Tests.Scoring;

public sealed class MetricSuiteTests
{
    [Theory]
    [InlineData(TaskType.Classification, MetricSuite.Accuracy)]
    [InlineData(TaskType.Numeric, MetricSuite.NumericAccuracy)]
    [InlineData(TaskType.Generation, MetricSuite.TokenF1)]
    public void For_PrimaryMetric_IsInTheSuite(TaskType task, string primary)
    {
        var suite = MetricSuite.For(task);

        Assert.Equal(primary, suite.Primary);
        Assert.Contains(suite.Metrics, m => m.Key == primary);
        Assert.Equal(MetricSuite.Loss, suite.Metrics[^1].Key);
    }

    [Fact]
    public void Prediction_Classification_IsTheFirstNonEmptyLineTrimmed()
    {
        var suite = MetricSuite.For(TaskType.Classification);

        Assert.Equal("card_arrival", suite.Prediction("\n  card_arrival \nUser: and then"));
        Assert.Equal(string.Empty, suite.Prediction("  \n "));
        Assert.Equal("a b\nc", MetricSuite.For(TaskType.Generation).Prediction("  a b\nc \n"));
    }

    [Fact]
    public void ScoreExample_Generation_MatchesTheSquadDefinitions()
    {
        // SQuAD v1.1 evaluate.py: "The Cat" vs "cat" → EM 0, normalised EM 1 (lower-case, article dropped), F1 1.
        var scores = MetricSuite.For(TaskType.Generation).ScoreExample("The Cat", "cat");

        Assert.Equal(0, scores[MetricSuite.ExactMatch]);
        Assert.Equal(1, scores[MetricSuite.NormalizedExactMatch]);
        Assert.Equal(1, scores[MetricSuite.TokenF1]);
    }

    [Fact]
    public void Compute_CorpusMetricOnAResample_CountsRepeats()
    {
        var suite = MetricSuite.For(TaskType.Classification);
        ExampleResult[] examples = [Example(0, "a", "a"), Example(1, "b", "a"), Example(2, "b", "b")];
        int[] sample = [0, 0, 1, 2];

        var macro = suite.Compute(MetricSuite.MacroF1, examples, sample);

        Assert.Equal(ClassificationMetrics.MacroF1(["a", "a", "b", "b"], ["a", "a", "a", "b"]), macro, 12);
        Assert.Equal(3.0 / 4.0, suite.Compute(MetricSuite.Accuracy, examples, sample), 12);
    }

    [Fact]
    public void Compute_Loss_IsTokenWeighted()
    {
        var suite = MetricSuite.For(TaskType.Classification);
        ExampleResult[] examples =
        [
            Example(0, "a", "a") with { ReferenceLossSum = 2, ReferenceTokens = 1 },
            Example(1, "a", "a") with { ReferenceLossSum = 6, ReferenceTokens = 3 },
        ];

        // (2 + 6) nats over (1 + 3) tokens = 2, not the mean of per-example means (2 + 2) / 2 — equal here by design, so also check a skewed pair.
        Assert.Equal(2.0, suite.Compute(MetricSuite.Loss, examples), 12);
        ExampleResult[] skewed = [examples[0], examples[1] with { ReferenceLossSum = 3 }];
        Assert.Equal(5.0 / 4.0, suite.Compute(MetricSuite.Loss, skewed), 12);
        Assert.True(MetricSuite.Has(MetricSuite.Loss, examples));
        Assert.False(MetricSuite.Has(MetricSuite.Loss, [Example(0, "a", "a")]));
    }

    internal static ExampleResult Example(int index, string prediction, string reference) =>
        MetricSuite.For(TaskType.Classification).Answer(index, $"question {index}", reference, prediction);
}

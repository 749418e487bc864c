namespace Sharpen.Evaluation.Scoring;

/// <summary>How a metric is aggregated over examples.</summary>
public enum MetricKind
{
    /// <summary>The mean of a per-example score (accuracy, EM, F1, ROUGE-L).</summary>
    PerExample,

    /// <summary>Computed over the whole corpus at once (corpus BLEU, macro-F1, token-weighted loss).</summary>
    Corpus,
}

/// <summary>One metric of a <see cref="MetricSuite"/>.</summary>
/// <param name="Key">machine name, used in results.jsonl and summary.json</param>
/// <param name="Label">what a reader sees</param>
/// <param name="IsCorrectness">per-example 0/1: McNemar's exact test applies</param>
/// <param name="HigherIsBetter">false for losses</param>
/// <param name="ModelOnly">only systems that run a model have it (held-out loss)</param>
public sealed record MetricDefinition(string Key, string Label, MetricKind Kind, bool IsCorrectness, bool HigherIsBetter = true, bool ModelOnly = false);

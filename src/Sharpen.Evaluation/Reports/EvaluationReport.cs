using Sharpen.Evaluation.Scoring;
using Sharpen.Evaluation.Statistics;
using Sharpen.Evaluation.Tasks;
using Sharpen.Evaluation.Verdicts;

namespace Sharpen.Evaluation.Reports;

/// <summary>A metric of one system with its bootstrap 95% interval.</summary>
public sealed record MetricEstimate(string System, string Metric, double Value, double Lower, double Upper);

/// <summary>A metric difference tuned − <paramref name="Baseline"/> with its paired bootstrap interval and, for 0/1 metrics, McNemar's test.</summary>
public sealed record MetricComparison(string Metric, string Baseline, BootstrapInterval Interval, McNemarResult? McNemar)
{
    /// <summary>McNemar's exact p for 0/1 metrics, else the bootstrap p.</summary>
    public double PValue => McNemar?.PValue ?? Interval.PValue;
}

/// <summary>Forgetting: the language-model loss of general text (unrelated to the task) before and after tuning.</summary>
public sealed record ForgettingCheck(string File, int Texts, double BaseLoss, double TunedLoss, double Threshold)
{
    /// <summary>(tuned − base) / base.</summary>
    public double RelativeChange => BaseLoss == 0 ? 0 : (TunedLoss - BaseLoss) / BaseLoss;

    /// <summary>True when the general-set loss rose by more than the threshold.</summary>
    public bool Flagged => RelativeChange > Threshold;
}

/// <summary>A point of a training curve.</summary>
public sealed record LossPoint(long Step, double Loss);

/// <summary>The run's training and validation loss curves (metrics.jsonl).</summary>
public sealed record LossCurves(IReadOnlyList<LossPoint> Train, IReadOnlyList<LossPoint> Validation);

/// <summary>What was evaluated and how; recorded in the report so it can be re-run.</summary>
public sealed record EvaluationSettings
{
    public required string TunedModel { get; init; }
    public required string BaseModel { get; init; }
    public required string TestFile { get; init; }
    public required string TrainFile { get; init; }
    public string? GeneralFile { get; init; }

    /// <summary>Valid examples in the test file.</summary>
    public required int TestExamples { get; init; }

    /// <summary>--limit, when it capped the test set (a seeded sample of that size).</summary>
    public int? Limit { get; init; }

    public required int K { get; init; }

    /// <summary>How k-shot examples were chosen, in words.</summary>
    public required string KShotSelection { get; init; }

    public required int MaxNewTokens { get; init; }

    /// <summary>Why max new tokens has its value (given, or derived from the reference lengths).</summary>
    public required string MaxNewTokensSource { get; init; }

    public string Decoding { get; init; } = "greedy (temperature 0)";

    public required int Seed { get; init; }

    public double PricePerHour { get; init; }

    public required VerdictPolicy Policy { get; init; }

    /// <summary>The prompt format the models were prompted with.</summary>
    public string? PromptFormat { get; init; }
}

/// <summary>Everything a report shows: systems, metrics with intervals, comparisons, the verdict, forgetting and curves.</summary>
public sealed record EvaluationReport
{
    public required EvaluationSettings Settings { get; init; }
    public required TaskDetection Task { get; init; }
    public required MetricSuite Suite { get; init; }

    /// <summary>The tuned model first, then the baselines.</summary>
    public required IReadOnlyList<SystemResult> Systems { get; init; }

    public required IReadOnlyList<MetricEstimate> Estimates { get; init; }
    public required IReadOnlyList<MetricComparison> Comparisons { get; init; }
    public required Verdict Verdict { get; init; }
    public ForgettingCheck? Forgetting { get; init; }
    public LossCurves? Curves { get; init; }
    public required DateTimeOffset Created { get; init; }

    /// <summary>Things a reader should know (shots dropped to fit the context, examples without loss, ...).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public SystemResult System(string name) => Systems.Single(s => s.Name == name);

    public MetricEstimate? Estimate(string system, string metric) => Estimates.FirstOrDefault(e => e.System == system && e.Metric == metric);
}

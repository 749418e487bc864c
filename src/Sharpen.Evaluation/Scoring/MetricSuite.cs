using Sharpen.Evaluation.Metrics;
using Sharpen.Evaluation.Tasks;

namespace Sharpen.Evaluation.Scoring;

/// <summary>
/// The metrics of a task type, which one decides (the primary metric), how an output becomes a scored prediction, and
/// how every metric is computed over any sample of examples (the bootstrap recomputes them on resampled indices).
/// </summary>
public sealed class MetricSuite
{
    public const string Accuracy = "accuracy";
    public const string MacroF1 = "macro_f1";
    public const string NumericAccuracy = "numeric_accuracy";
    public const string ExactMatch = "exact_match";
    public const string NormalizedExactMatch = "normalized_exact_match";
    public const string TokenF1 = "token_f1";
    public const string RougeLKey = "rouge_l";
    public const string Bleu = "bleu";
    public const string Loss = "loss";

    private static readonly MetricDefinition s_loss = new(Loss, "held-out loss (nats/token)", MetricKind.Corpus, IsCorrectness: false, HigherIsBetter: false, ModelOnly: true);

    private MetricSuite(TaskType task, string primary, IReadOnlyList<MetricDefinition> metrics)
    {
        Task = task;
        Primary = primary;
        Metrics = [.. metrics, s_loss];
    }

    public TaskType Task { get; }

    /// <summary>The metric the verdict is decided on.</summary>
    public string Primary { get; }

    /// <summary>Every metric, the held-out loss last.</summary>
    public IReadOnlyList<MetricDefinition> Metrics { get; }

    /// <summary>The per-example 0/1 metric that marks an answer correct (accuracy, numeric accuracy or normalised EM).</summary>
    public string CorrectnessMetric => Task switch
    {
        TaskType.Classification => Accuracy,
        TaskType.Numeric => NumericAccuracy,
        _ => NormalizedExactMatch,
    };

    public MetricDefinition this[string key] => Metrics.Single(m => m.Key == key);

    public static MetricSuite For(TaskType task) => task switch
    {
        TaskType.Classification => new MetricSuite(task, Accuracy,
        [
            new(Accuracy, "accuracy", MetricKind.PerExample, IsCorrectness: true),
            new(MacroF1, "macro-F1", MetricKind.Corpus, IsCorrectness: false),
        ]),
        TaskType.Numeric => new MetricSuite(task, NumericAccuracy,
        [
            new(NumericAccuracy, "numeric accuracy", MetricKind.PerExample, IsCorrectness: true),
        ]),
        TaskType.Generation => new MetricSuite(task, TokenF1,
        [
            new(ExactMatch, "exact match", MetricKind.PerExample, IsCorrectness: true),
            new(NormalizedExactMatch, "normalised EM", MetricKind.PerExample, IsCorrectness: true),
            new(TokenF1, "token F1", MetricKind.PerExample, IsCorrectness: false),
            new(RougeLKey, "ROUGE-L F", MetricKind.PerExample, IsCorrectness: false),
            new(Bleu, "corpus BLEU", MetricKind.Corpus, IsCorrectness: false),
        ]),
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown task type."),
    };

    /// <summary>
    /// The scored part of an output: for classification the first non-empty line, trimmed (a label is one line; what a
    /// model rambles after it is not the answer); otherwise the whole output, trimmed.
    /// </summary>
    public string Prediction(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return Task == TaskType.Classification
            ? output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? string.Empty
            : output.Trim();
    }

    /// <summary>The per-example scores of <paramref name="prediction"/> against <paramref name="reference"/>.</summary>
    public Dictionary<string, double> ScoreExample(string prediction, string reference)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(reference);
        return Task switch
        {
            TaskType.Classification => new() { [Accuracy] = ClassificationMetrics.Accuracy([prediction], [reference]) },
            TaskType.Numeric => new() { [NumericAccuracy] = NumericAnswer.Accuracy(prediction, reference) },
            _ => new()
            {
                [ExactMatch] = AnswerMetrics.ExactMatch(prediction, reference),
                [NormalizedExactMatch] = AnswerMetrics.NormalizedExactMatch(prediction, reference),
                [TokenF1] = AnswerMetrics.TokenF1(prediction, reference),
                [RougeLKey] = RougeL.Score(reference, prediction).FMeasure,
            },
        };
    }

    /// <summary>
    /// A system's answer to one example, scored: <paramref name="output"/> is what the system said, verbatim. Timings,
    /// token counts and the reference loss are for the caller to add (<c>with</c>).
    /// </summary>
    public ExampleResult Answer(int index, string prompt, string reference, string output)
    {
        var prediction = Prediction(output);
        var scores = ScoreExample(prediction, reference);
        return new ExampleResult
        {
            Index = index,
            Prompt = prompt,
            Reference = reference,
            Output = output,
            Prediction = prediction,
            Scores = scores,
            Correct = scores[CorrectnessMetric] >= 1,
        };
    }

    /// <summary>Whether a system has <paramref name="key"/> (the loss needs a model).</summary>
    public static bool Has(string key, IReadOnlyList<ExampleResult> examples) =>
        key != Loss || (examples.Count > 0 && examples.All(e => e.ReferenceLossSum is not null));

    /// <summary>
    /// <paramref name="key"/> over the examples at <paramref name="sample"/> (indices into <paramref name="examples"/>,
    /// repeats allowed): means for per-example metrics, corpus statistics for the rest. Scores are 0–1 (BLEU 0–100).
    /// </summary>
    public double Compute(string key, IReadOnlyList<ExampleResult> examples, IReadOnlyList<int> sample)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Count == 0)
        {
            return 0;
        }

        switch (key)
        {
            case MacroF1:
                return ClassificationMetrics.MacroF1([.. sample.Select(i => examples[i].Prediction)], [.. sample.Select(i => examples[i].Reference)]);
            case Bleu:
                return CorpusBleu.Score([.. sample.Select(i => examples[i].Prediction)], [[.. sample.Select(i => examples[i].Reference)]]).Score;
            case Loss:
                double loss = 0;
                long tokens = 0;
                foreach (var i in sample)
                {
                    loss += examples[i].ReferenceLossSum ?? throw new InvalidOperationException("This system has no held-out loss.");
                    tokens += examples[i].ReferenceTokens;
                }

                return tokens == 0 ? 0 : loss / tokens;
            default:
                double sum = 0;
                foreach (var i in sample)
                {
                    sum += examples[i].Scores[key];
                }

                return sum / sample.Count;
        }
    }

    /// <summary><paramref name="key"/> over every example.</summary>
    public double Compute(string key, IReadOnlyList<ExampleResult> examples) =>
        Compute(key, examples, [.. Enumerable.Range(0, examples.Count)]);
}

using System.Globalization;

namespace Sharpen.Evaluation.Tasks;

/// <summary>
/// Works out the task type from the reference answers: numeric when (nearly) every test reference carries GSM8K's
/// <c>#### n</c>; classification when the answers are short single-line labels from a small closed set (every test
/// answer also occurs in the training answers, and labels repeat); otherwise generation.
/// </summary>
public static class TaskDetector
{
    /// <summary>Most distinct labels a classification task may have.</summary>
    public const int MaxLabels = 200;

    /// <summary>Longest label, in whitespace-separated words.</summary>
    public const int MaxLabelWords = 6;

    /// <summary>Share of test references that must carry <c>#### n</c> for a numeric task.</summary>
    public const double NumericShare = 0.9;

    public static TaskDetection Detect(IReadOnlyList<string> testReferences, IReadOnlyList<string> trainReferences)
    {
        ArgumentNullException.ThrowIfNull(testReferences);
        ArgumentNullException.ThrowIfNull(trainReferences);
        if (testReferences.Count == 0)
        {
            throw new ArgumentException("The test set has no reference answers to detect a task from.", nameof(testReferences));
        }

        var numeric = testReferences.Count(r => r.Contains("####", StringComparison.Ordinal) && Metrics.NumericAnswer.Extract(r) is not null);
        if (numeric >= NumericShare * testReferences.Count)
        {
            return new TaskDetection(TaskType.Numeric, Invariant($"{numeric} of {testReferences.Count} test answers end in '#### <number>' (GSM8K style)"), []);
        }

        var trainLabels = trainReferences.Select(r => r.Trim()).ToHashSet(StringComparer.Ordinal);
        var labels = trainLabels.Concat(testReferences.Select(r => r.Trim())).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var total = trainReferences.Count + testReferences.Count;
        var unseen = testReferences.Count(r => !trainLabels.Contains(r.Trim()));
        var labelLike = labels.All(l => l.Length > 0 && !l.Contains('\n', StringComparison.Ordinal) && l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= MaxLabelWords);
        if (trainReferences.Count > 0 && unseen == 0 && labelLike && labels.Count <= MaxLabels && labels.Count * 2 <= total)
        {
            return new TaskDetection(TaskType.Classification, Invariant($"every answer is one of {labels.Count} short labels that repeat across {total} examples"), labels);
        }

        var why = trainReferences.Count == 0 ? "no training answers to form a label set"
            : unseen > 0 ? Invariant($"{unseen} test answers never occur in the training answers")
            : !labelLike ? "answers are longer than labels"
            : Invariant($"{labels.Count} distinct answers in {total} examples is not a small closed label set");
        return new TaskDetection(TaskType.Generation, "free-text answers: " + why, []);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

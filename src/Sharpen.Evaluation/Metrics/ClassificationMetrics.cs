namespace Sharpen.Evaluation.Metrics;

/// <summary>Label accuracy and macro-averaged F1 over the classes that occur in the references or predictions.</summary>
public static class ClassificationMetrics
{
    public static double Accuracy(IReadOnlyList<string> predictions, IReadOnlyList<string> references)
    {
        CheckLengths(predictions, references);
        return predictions.Count == 0 ? 0 : predictions.Where((p, i) => Same(p, references[i])).Count() / (double)predictions.Count;
    }

    /// <summary>
    /// The unweighted mean of per-class F1 (scikit-learn's <c>f1_score(average="macro")</c>): every class counts the same,
    /// so a model that only learns the frequent intents is not rewarded; a class with no true or predicted positives
    /// scores 0 (scikit-learn's <c>zero_division=0</c>).
    /// </summary>
    public static double MacroF1(IReadOnlyList<string> predictions, IReadOnlyList<string> references)
    {
        CheckLengths(predictions, references);
        var labels = references.Concat(predictions).Select(l => l.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (labels.Count == 0)
        {
            return 0;
        }

        double total = 0;
        foreach (var label in labels)
        {
            int tp = 0, fp = 0, fn = 0;
            for (var i = 0; i < predictions.Count; i++)
            {
                var predicted = Same(predictions[i], label);
                var actual = Same(references[i], label);
                tp += predicted && actual ? 1 : 0;
                fp += predicted && !actual ? 1 : 0;
                fn += !predicted && actual ? 1 : 0;
            }

            total += tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
        }

        return total / labels.Count;
    }

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.Ordinal);

    private static void CheckLengths(IReadOnlyList<string> predictions, IReadOnlyList<string> references)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(references);
        if (predictions.Count != references.Count)
        {
            throw new ArgumentException($"{predictions.Count} predictions for {references.Count} references.");
        }
    }
}

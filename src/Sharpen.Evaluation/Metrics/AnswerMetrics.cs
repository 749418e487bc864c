namespace Sharpen.Evaluation.Metrics;

/// <summary>Per-example answer metrics of the SQuAD evaluation: exact match (raw and normalised) and token-level F1.</summary>
public static class AnswerMetrics
{
    /// <summary>1 when the prediction equals the reference after trimming, else 0.</summary>
    public static double ExactMatch(string prediction, string reference) =>
        string.Equals(prediction.Trim(), reference.Trim(), StringComparison.Ordinal) ? 1 : 0;

    /// <summary>1 when the prediction equals the reference after <see cref="AnswerNormalizer"/>, else 0.</summary>
    public static double NormalizedExactMatch(string prediction, string reference) =>
        string.Equals(AnswerNormalizer.Normalize(prediction), AnswerNormalizer.Normalize(reference), StringComparison.Ordinal) ? 1 : 0;

    /// <summary>
    /// Harmonic mean of token precision and recall over normalised whitespace tokens, counting shared tokens as a
    /// multiset (SQuAD's <c>f1_score</c>); two empty answers score 1, one empty answer scores 0.
    /// </summary>
    public static double TokenF1(string prediction, string reference)
    {
        var predicted = AnswerNormalizer.Normalize(prediction).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var expected = AnswerNormalizer.Normalize(reference).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (predicted.Length == 0 || expected.Length == 0)
        {
            return predicted.Length == expected.Length ? 1 : 0;
        }

        var counts = expected.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var common = 0;
        foreach (var token in predicted)
        {
            if (counts.TryGetValue(token, out var left) && left > 0)
            {
                counts[token] = left - 1;
                common++;
            }
        }

        if (common == 0)
        {
            return 0;
        }

        var precision = (double)common / predicted.Length;
        var recall = (double)common / expected.Length;
        return 2 * precision * recall / (precision + recall);
    }
}

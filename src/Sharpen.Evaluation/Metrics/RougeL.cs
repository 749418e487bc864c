using System.Text.RegularExpressions;

namespace Sharpen.Evaluation.Metrics;

/// <summary>ROUGE-L precision, recall and F-measure.</summary>
public sealed record RougeScore(double Precision, double Recall, double FMeasure);

/// <summary>
/// ROUGE-L as Google's <c>rouge-score</c> package computes it without stemming: lower-case, replace every
/// non-alphanumeric character by a space, split, then precision = LCS / prediction tokens, recall = LCS / reference
/// tokens, F = their harmonic mean.
/// </summary>
public static partial class RougeL
{
    public static RougeScore Score(string reference, string prediction)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(prediction);
        var target = Tokenize(reference);
        var predicted = Tokenize(prediction);
        if (target.Length == 0 || predicted.Length == 0)
        {
            return new RougeScore(0, 0, 0);
        }

        var lcs = LongestCommonSubsequence(target, predicted);
        var precision = (double)lcs / predicted.Length;
        var recall = (double)lcs / target.Length;
        var f = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
        return new RougeScore(precision, recall, f);
    }

    private static string[] Tokenize(string text) =>
        NonAlphanumeric().Replace(text.ToLowerInvariant(), " ").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static int LongestCommonSubsequence(string[] a, string[] b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = string.Equals(a[i - 1], b[j - 1], StringComparison.Ordinal)
                    ? previous[j - 1] + 1
                    : Math.Max(previous[j], current[j - 1]);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonAlphanumeric();
}

using System.Globalization;

namespace Sharpen.Evaluation.Metrics;

/// <summary>A corpus BLEU score with the statistics sacreBLEU prints beside it.</summary>
public sealed record BleuScore(double Score, double[] Precisions, double BrevityPenalty, int HypothesisLength, int ReferenceLength)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"BLEU = {Score:F2} {string.Join('/', Precisions.Select(p => p.ToString("F1", CultureInfo.InvariantCulture)))} (BP = {BrevityPenalty:F3} ratio = {(double)HypothesisLength / ReferenceLength:F3} hyp_len = {HypothesisLength} ref_len = {ReferenceLength})");
}

/// <summary>
/// Corpus-level BLEU compatible with sacreBLEU's defaults (13a tokenisation, case-sensitive, 4-grams, <c>exp</c>
/// smoothing, closest reference length for the brevity penalty): n-gram counts are summed over the corpus before the
/// precisions are taken, which is what makes it a corpus metric rather than an average of sentence scores.
/// </summary>
public static class CorpusBleu
{
    private const int MaxOrder = 4;

    /// <param name="hypotheses">one system output per segment</param>
    /// <param name="references">reference streams: each holds one reference per segment (an empty string means "none")</param>
    public static BleuScore Score(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(references);
        if (references.Count == 0 || references.Any(r => r.Count != hypotheses.Count))
        {
            throw new ArgumentException("Every reference stream needs one reference per hypothesis.", nameof(references));
        }

        var matches = new long[MaxOrder];
        var totals = new long[MaxOrder];
        long hypLength = 0, refLength = 0;
        for (var i = 0; i < hypotheses.Count; i++)
        {
            var hyp = Bleu13aTokenizer.Tokenize(hypotheses[i]);
            var refs = references.Select(r => r[i]).Where(r => r.Length > 0).Select(Bleu13aTokenizer.Tokenize).ToList();
            hypLength += hyp.Length;
            refLength += ClosestLength(refs, hyp.Length);
            for (var n = 1; n <= MaxOrder; n++)
            {
                var hypCounts = NGrams(hyp, n);
                var maxRef = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var r in refs)
                {
                    foreach (var (gram, count) in NGrams(r, n))
                    {
                        maxRef[gram] = Math.Max(maxRef.GetValueOrDefault(gram), count);
                    }
                }

                foreach (var (gram, count) in hypCounts)
                {
                    matches[n - 1] += Math.Min(count, maxRef.GetValueOrDefault(gram));
                }

                totals[n - 1] += Math.Max(0, hyp.Length - n + 1);
            }
        }

        var precisions = new double[MaxOrder];
        var smooth = 1.0;
        for (var n = 0; n < MaxOrder; n++)
        {
            if (totals[n] == 0)
            {
                precisions[n] = 0;
            }
            else if (matches[n] == 0)
            {
                smooth *= 2; // sacreBLEU's 'exp' smoothing (mteval-v13a)
                precisions[n] = 100.0 / (smooth * totals[n]);
            }
            else
            {
                precisions[n] = 100.0 * matches[n] / totals[n];
            }
        }

        var bp = hypLength == 0 ? 0 : hypLength < refLength ? Math.Exp(1 - ((double)refLength / hypLength)) : 1.0;
        var score = precisions.Any(p => p <= 0) ? 0 : bp * Math.Exp(precisions.Sum(p => Math.Log(p)) / MaxOrder);
        return new BleuScore(score, precisions, bp, (int)hypLength, (int)refLength);
    }

    /// <summary>The reference length closest to the hypothesis length, the shorter one on a tie (sacreBLEU's rule).</summary>
    private static int ClosestLength(List<string[]> refs, int hypLength)
    {
        var best = -1;
        foreach (var r in refs)
        {
            var diff = Math.Abs(r.Length - hypLength);
            var bestDiff = best < 0 ? int.MaxValue : Math.Abs(best - hypLength);
            if (best < 0 || diff < bestDiff || (diff == bestDiff && r.Length < best))
            {
                best = r.Length;
            }
        }

        return Math.Max(best, 0);
    }

    private static Dictionary<string, int> NGrams(string[] tokens, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= tokens.Length; i++)
        {
            var gram = string.Join('\u0001', tokens, i, n);
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }

        return counts;
    }
}

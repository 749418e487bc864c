using System.Text.RegularExpressions;

namespace Sharpen.Evaluation.Baselines;

/// <summary>
/// Okapi BM25 over a fixed corpus (Robertson &amp; Zaragoza 2009), with rank_bm25's <c>BM25Okapi</c> conventions:
/// idf = ln((N − n + 0.5) / (n + 0.5)), negative idf values floored at ε × the mean idf, k1 = 1.5, b = 0.75. It powers the
/// retrieval baseline: answer a test question with the answer of the most similar training example.
/// </summary>
public sealed partial class Bm25Index
{
    private readonly List<Dictionary<string, int>> _termFrequencies = [];
    private readonly List<int> _lengths = [];
    private readonly Dictionary<string, double> _idf = new(StringComparer.Ordinal);
    private readonly Func<string, IEnumerable<string>> _tokenize;
    private readonly double _k1;
    private readonly double _b;
    private readonly double _averageLength;

    /// <param name="documents">the corpus, in index order</param>
    /// <param name="tokenize">how text becomes terms; default: lower-case alphanumeric runs</param>
    public Bm25Index(IEnumerable<string> documents, Func<string, IEnumerable<string>>? tokenize = null, double k1 = 1.5, double b = 0.75, double epsilon = 0.25)
    {
        ArgumentNullException.ThrowIfNull(documents);
        _tokenize = tokenize ?? DefaultTokenize;
        _k1 = k1;
        _b = b;
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            var length = 0;
            foreach (var term in _tokenize(document))
            {
                counts[term] = counts.GetValueOrDefault(term) + 1;
                length++;
            }

            foreach (var term in counts.Keys)
            {
                documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
            }

            _termFrequencies.Add(counts);
            _lengths.Add(length);
        }

        Count = _lengths.Count;
        _averageLength = Count == 0 ? 0 : _lengths.Average();
        var negative = new List<string>();
        double idfSum = 0;
        foreach (var (term, n) in documentFrequency)
        {
            var idf = Math.Log((Count - n + 0.5) / (n + 0.5));
            _idf[term] = idf;
            idfSum += idf;
            if (idf < 0)
            {
                negative.Add(term);
            }
        }

        var floor = epsilon * (documentFrequency.Count == 0 ? 0 : idfSum / documentFrequency.Count);
        foreach (var term in negative)
        {
            _idf[term] = floor;
        }
    }

    /// <summary>Documents in the index.</summary>
    public int Count { get; }

    /// <summary>The BM25 score of every document for <paramref name="query"/>.</summary>
    public double[] Scores(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var scores = new double[Count];
        foreach (var term in _tokenize(query))
        {
            if (!_idf.TryGetValue(term, out var idf))
            {
                continue;
            }

            for (var d = 0; d < Count; d++)
            {
                if (_termFrequencies[d].TryGetValue(term, out var tf))
                {
                    var norm = _k1 * (1 - _b + (_b * _lengths[d] / _averageLength));
                    scores[d] += idf * tf * (_k1 + 1) / (tf + norm);
                }
            }
        }

        return scores;
    }

    /// <summary>The best-scoring documents (index, score), best first; ties keep corpus order.</summary>
    public IReadOnlyList<(int Index, double Score)> Search(string query, int top = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        return [.. Scores(query).Select((s, i) => (Index: i, Score: s)).OrderByDescending(x => x.Score).ThenBy(x => x.Index).Take(top)];
    }

    private static IEnumerable<string> DefaultTokenize(string text) =>
        Terms().Matches(text.ToLowerInvariant()).Select(m => m.Value);

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Terms();
}

using Sharpen.Data.Cleaning;

namespace Sharpen.Data.Tests.Cleaning;

public sealed class NearDuplicateIndexTests
{
    private static readonly string[] s_vocabulary = Enumerable.Range(0, 5000).Select(i => "w" + i).ToArray();

    [Theory]
    [InlineData(0.95)]
    [InlineData(0.85)]
    [InlineData(0.6)]
    [InlineData(0.3)]
    public void FindSimilar_EstimateTracksExactJaccardOfShingles(double overlap)
    {
        // Exact Jaccard is computed here directly on the shingle sets (no MinHash), as the reference.
        var (a, b) = Pair(overlap, seed: (int)(overlap * 100));
        var exact = Jaccard(Shingles(a), Shingles(b));
        var hasher = new MinHasher(256, 3);
        var index = new NearDuplicateIndex(256, 0.01);
        var sa = new uint[256];
        var sb = new uint[256];
        hasher.TryCompute(a, sa);
        hasher.TryCompute(b, sb);
        index.Add(sa);

        var match = index.FindSimilar(sb, out var estimate);

        Assert.Equal(0, match);
        // Standard error of the estimate is sqrt(J(1-J)/256) <= 0.031; allow 4 of them.
        Assert.InRange(estimate, exact - 0.125, exact + 0.125);
    }

    [Fact]
    public void FindSimilar_BelowThreshold_IsNotADuplicate()
    {
        var (a, b) = Pair(0.4, seed: 7);
        Assert.True(Jaccard(Shingles(a), Shingles(b)) < 0.5);
        var hasher = new MinHasher(128, 3);
        var index = new NearDuplicateIndex(128, 0.8);
        var s = new uint[128];
        hasher.TryCompute(a, s);
        index.Add(s);
        hasher.TryCompute(b, s);

        Assert.Equal(-1, index.FindSimilar(s, out _));
    }

    [Fact]
    public void FindOrAdd_ThousandsOfItemsAcrossTableGrowth_FindsTheSourceOfEveryNearCopy()
    {
        // 3,000 unrelated texts (far past the tables' first growth), then a copy of each with 3 of 200 words changed.
        // Reference: the exact Jaccard of the shingle sets, computed here, must be >= 0.8 for each copy, and the
        // copy was made from a known source, so the index must return that source's id.
        const int items = 3000;
        var hasher = new MinHasher(128, 3);
        var (bands, rows) = NearDuplicateIndex.ChooseBands(128, 0.8);
        var index = new NearDuplicateIndex(128, 0.8);
        var signature = new uint[128];
        var random = new Random(11);
        var texts = new List<string[]>();
        for (var i = 0; i < items; i++)
        {
            var words = Enumerable.Range(0, 200).Select(_ => s_vocabulary[random.Next(s_vocabulary.Length)]).ToArray();
            texts.Add(words);
            hasher.TryCompute(string.Join(' ', words), signature);
            var rowsOf = MinHashRows.From(signature, bands, rows);
            Assert.Equal(-1, index.FindOrAdd(rowsOf.Fingerprint, rowsOf.BandKeys, out _));
        }

        Assert.Equal(items, index.Count);
        for (var i = 0; i < items; i += 7)
        {
            var copy = (string[])texts[i].Clone();
            copy[20] = copy[100] = copy[180] = "changed";
            var (a, b) = (string.Join(' ', texts[i]), string.Join(' ', copy));
            Assert.True(Jaccard(Shingles(a), Shingles(b)) >= 0.8);
            hasher.TryCompute(b, signature);

            Assert.Equal(i, index.FindSimilar(signature, out var similarity));
            Assert.True(similarity >= 0.8);
        }
    }

    [Fact]
    public void FindOrAdd_SameSequence_SameAnswersAsFindSimilarThenAdd()
    {
        var hasher = new MinHasher(128, 3);
        var (bands, rows) = NearDuplicateIndex.ChooseBands(128, 0.8);
        var combined = new NearDuplicateIndex(128, 0.8);
        var separate = new NearDuplicateIndex(128, 0.8);
        var signature = new uint[128];
        var random = new Random(3);
        var previous = new List<string>();
        for (var i = 0; i < 2000; i++)
        {
            // Every third text is an earlier one with a word changed, so both answers occur.
            var text = previous.Count > 0 && i % 3 == 0
                ? previous[random.Next(previous.Count)] + " " + s_vocabulary[random.Next(s_vocabulary.Length)]
                : string.Join(' ', Enumerable.Range(0, 40).Select(_ => s_vocabulary[random.Next(s_vocabulary.Length)]));
            previous.Add(text);
            hasher.TryCompute(text, signature);
            var rowsOf = MinHashRows.From(signature, bands, rows);

            var expected = separate.FindSimilar(signature, out var expectedSimilarity);
            if (expected < 0)
            {
                separate.Add(signature);
            }

            Assert.Equal(expected, combined.FindOrAdd(rowsOf.Fingerprint, rowsOf.BandKeys, out var similarity));
            Assert.Equal(expectedSimilarity, similarity);
        }

        Assert.Equal(separate.Count, combined.Count);
        Assert.True(combined.Count < 2000);
    }

    [Theory]
    [InlineData(128, 0.8, 21, 6)]
    [InlineData(128, 0.5, 42, 3)]
    public void ChooseBands_CatchesPairsAtTheThresholdWith99Percent(int permutations, double threshold, int bands, int rows)
    {
        // Reference: 1 - (1 - t^r)^b >= 0.99 worked by hand, e.g. t = 0.8, r = 6, b = 21 gives 0.9983 while r = 7,
        // b = 18 gives 0.9856.
        Assert.Equal((bands, rows), NearDuplicateIndex.ChooseBands(permutations, threshold));
    }

    [Fact]
    public void TryCompute_SameWordsAnyOrderOfCalls_GivesSameSignature()
    {
        var hasher = new MinHasher(64, 3);
        var first = new uint[64];
        var second = new uint[64];
        hasher.TryCompute("the quick brown fox jumps", first);
        hasher.TryCompute("something else entirely here", second);
        hasher.TryCompute("the quick brown fox jumps", second);

        Assert.Equal(first, second);
        Assert.False(hasher.TryCompute(string.Empty, second));
    }

    private static (string A, string B) Pair(double keep, int seed)
    {
        var random = new Random(seed);
        var a = Enumerable.Range(0, 300).Select(_ => s_vocabulary[random.Next(s_vocabulary.Length)]).ToArray();
        var b = a.Select(w => random.NextDouble() < keep ? w : s_vocabulary[random.Next(s_vocabulary.Length)]).ToArray();
        return (string.Join(' ', a), string.Join(' ', b));
    }

    private static HashSet<string> Shingles(string text)
    {
        var w = text.Split(' ');
        return Enumerable.Range(0, w.Length - 2).Select(i => $"{w[i]} {w[i + 1]} {w[i + 2]}").ToHashSet();
    }

    private static double Jaccard(HashSet<string> a, HashSet<string> b) =>
        (double)a.Intersect(b).Count() / a.Union(b).Count();
}

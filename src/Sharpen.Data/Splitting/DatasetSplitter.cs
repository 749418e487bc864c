using Sharpen.Data.Randomness;

namespace Sharpen.Data.Splitting;

/// <summary>
/// Deterministic, seeded, optionally stratified assignment of examples to splits. Within each stratum (label) the
/// examples are shuffled with SplitMix64 (Fisher–Yates) and cut by the largest-remainder method, so each stratum's
/// counts add up exactly and its shares are within one example of the target.
/// </summary>
internal static class DatasetSplitter
{
    public static SplitName[] Assign(IReadOnlyList<string?> labels, SplitOptions options)
    {
        options.Validate();
        var assignment = new SplitName[labels.Count];
        var strata = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Count; i++)
        {
            var key = options.Stratify ? labels[i] ?? string.Empty : string.Empty;
            if (!strata.TryGetValue(key, out var members))
            {
                strata[key] = members = [];
            }

            members.Add(i);
        }

        var random = new SplitMix64(options.Seed);
        double[] fractions = [options.Train, options.Validation, options.Test];
        foreach (var members in strata.Values)
        {
            for (var i = members.Count - 1; i > 0; i--)
            {
                var j = random.NextInt(i + 1);
                (members[i], members[j]) = (members[j], members[i]);
            }

            var counts = LargestRemainder(members.Count, fractions);
            var next = 0;
            for (var split = 0; split < counts.Length; split++)
            {
                for (var k = 0; k < counts[split]; k++)
                {
                    assignment[members[next++]] = (SplitName)split;
                }
            }
        }

        return assignment;
    }

    /// <summary>Whole counts for <paramref name="n"/> items that add up to n and best match the fractions.</summary>
    internal static int[] LargestRemainder(int n, IReadOnlyList<double> fractions)
    {
        var counts = new int[fractions.Count];
        var remainders = new double[fractions.Count];
        var assigned = 0;
        for (var i = 0; i < fractions.Count; i++)
        {
            var exact = n * fractions[i];
            counts[i] = (int)Math.Floor(exact + 1e-9);
            remainders[i] = exact - counts[i];
            assigned += counts[i];
        }

        foreach (var i in Enumerable.Range(0, fractions.Count).Where(i => fractions[i] > 0).OrderByDescending(i => remainders[i]).ThenBy(i => i))
        {
            if (assigned >= n)
            {
                break;
            }

            counts[i]++;
            assigned++;
        }

        return counts;
    }

    /// <summary>
    /// Moves every member of a leakage group into the split of its first member. Returns how many examples moved.
    /// </summary>
    public static int ResolveLeakage(SplitName[] assignment, IReadOnlyList<int> groupOf)
    {
        var moved = 0;
        var home = new Dictionary<int, SplitName>();
        for (var i = 0; i < assignment.Length; i++)
        {
            var group = groupOf[i];
            if (!home.TryGetValue(group, out var split))
            {
                home[group] = assignment[i];
            }
            else if (assignment[i] != split)
            {
                assignment[i] = split;
                moved++;
            }
        }

        return moved;
    }
}

using CsCheck;
using Sharpen.Data.Splitting;

namespace Sharpen.Data.Tests.Splitting;

public sealed class DatasetSplitterTests
{
    private static readonly Gen<string?[]> s_labels =
        Gen.Int[0, 6].Select(i => i == 6 ? null : ((char)('a' + i)).ToString()).Array[0, 400];

    private static readonly Gen<(double Train, double Validation, double Test)> s_fractions =
        Gen.Int[1, 20].SelectMany(t => Gen.Int[0, 20 - t].Select(v => (t / 20.0, v / 20.0, (20 - t - v) / 20.0)));

    [Fact]
    public void Assign_AnyLabelsAndFractions_EveryExampleInExactlyOneSplitAndCountsAddUp()
    {
        Gen.Select(s_labels, s_fractions, Gen.ULong).Sample((labels, fractions, seed) =>
        {
            var options = new SplitOptions { Train = fractions.Train, Validation = fractions.Validation, Test = fractions.Test, Seed = seed };
            var assignment = DatasetSplitter.Assign(labels, options);
            var counts = Enum.GetValues<SplitName>().Select(s => assignment.Count(a => a == s)).ToArray();
            return assignment.Length == labels.Length
                && assignment.All(Enum.IsDefined)
                && counts.Sum() == labels.Length;
        });
    }

    [Fact]
    public void Assign_Stratified_EachLabelWithinOneOfItsTargetShare()
    {
        Gen.Select(s_labels, Gen.ULong).Sample((labels, seed) =>
        {
            var options = new SplitOptions { Seed = seed };
            var assignment = DatasetSplitter.Assign(labels, options);
            foreach (var group in labels.Select((l, i) => (l, i)).GroupBy(x => x.l))
            {
                var n = group.Count();
                var train = group.Count(x => assignment[x.i] == SplitName.Train);
                var validation = group.Count(x => assignment[x.i] == SplitName.Validation);
                if (Math.Abs(train - (0.8 * n)) >= 1 || Math.Abs(validation - (0.1 * n)) >= 1)
                {
                    return false;
                }
            }

            return true;
        });
    }

    [Fact]
    public void Assign_SameSeed_SameSplit_OtherSeed_DifferentSplit()
    {
        var labels = Enumerable.Range(0, 1000).Select(i => (string?)(i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        var first = DatasetSplitter.Assign(labels, new SplitOptions { Seed = 1 });
        var again = DatasetSplitter.Assign(labels, new SplitOptions { Seed = 1 });
        var other = DatasetSplitter.Assign(labels, new SplitOptions { Seed = 2 });

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void LargestRemainder_HandWorkedCases()
    {
        // 35 × (0.8, 0.1, 0.1) = (28, 3.5, 3.5): the tie goes to the earlier split.
        Assert.Equal([28, 4, 3], DatasetSplitter.LargestRemainder(35, [0.8, 0.1, 0.1]));
        Assert.Equal([1, 0, 0], DatasetSplitter.LargestRemainder(1, [0.8, 0.1, 0.1]));
        Assert.Equal([8, 2, 0], DatasetSplitter.LargestRemainder(10, [0.8, 0.2, 0]));
    }

    [Fact]
    public void ResolveLeakage_GroupAcrossSplits_MovesToFirstMembersSplit()
    {
        SplitName[] assignment = [SplitName.Test, SplitName.Train, SplitName.Train, SplitName.Validation];
        int[] groups = [0, 1, 0, 0];

        var moved = DatasetSplitter.ResolveLeakage(assignment, groups);

        Assert.Equal(2, moved);
        Assert.Equal([SplitName.Test, SplitName.Train, SplitName.Test, SplitName.Test], assignment);
    }
}

using Sharpen.Evaluation.Verdicts;

namespace Sharpen.Evaluation.Tests.Verdicts;

public sealed class VerdictRuleTests
{
    // Each row: tuned | best baseline | p | significance | min gain | expected reason.
    // Rule (issue #5, the seed's "only deploy if significant" and "> 20% justifies the cost"): deploy iff tuned > baseline,
    // p < significance and (tuned − baseline) / baseline ≥ min gain; otherwise the first failing check is the reason.
    public static TheoryData<double, double, double, double, double, VerdictReason> Cases() => new()
    {
        { 0.50, 0.50, 1.0, 0.05, 0.2, VerdictReason.NotBetter },              // tuned = base
        { 0.40, 0.77, 1e-8, 0.05, 0.2, VerdictReason.NotBetter },             // significantly worse is still "not better"
        { 0.60, 0.50, 0.20, 0.05, 0.2, VerdictReason.NotSignificant },         // +20% but could be chance
        { 0.60, 0.50, 0.05, 0.05, 0.2, VerdictReason.NotSignificant },         // p must be strictly below the level
        { 0.55, 0.50, 0.001, 0.05, 0.2, VerdictReason.GainBelowThreshold },    // significant, +10% < 20%
        { 0.60, 0.50, 0.001, 0.05, 0.2, VerdictReason.Deploy },                // exactly +20%
        { 0.90, 0.50, 0.001, 0.05, 0.2, VerdictReason.Deploy },
        { 0.30, 0.00, 0.001, 0.05, 0.2, VerdictReason.Deploy },                // from 0: any significant gain is enough
        { 0.51, 0.50, 0.001, 0.05, 0.0, VerdictReason.Deploy },                // --min-gain 0
        { 0.90, 0.50, 0.02, 0.01, 0.2, VerdictReason.NotSignificant },         // --significance 0.01
        { 0.90, 0.50, 0.001, 0.05, 1.0, VerdictReason.GainBelowThreshold },    // --min-gain 1 (+80% < 100%)
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_Table(double tuned, double baseline, double p, double significance, double minGain, VerdictReason expected)
    {
        var verdict = VerdictRule.Decide(new VerdictPolicy { Significance = significance, MinRelativeGain = minGain }, "accuracy", tuned, "retrieval", baseline, p);

        Assert.Equal(expected, verdict.Reason);
        Assert.Equal(expected == VerdictReason.Deploy, verdict.Deploy);
        Assert.Equal(verdict.Deploy ? "deploy" : "don't deploy", verdict.Label);
        Assert.StartsWith(verdict.Label + ":", verdict.Explanation, StringComparison.Ordinal);
        Assert.Contains("retrieval", verdict.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_RelativeGain_IsAgainstTheBaseline()
    {
        var verdict = VerdictRule.Decide(new VerdictPolicy(), "accuracy", 0.6, "base", 0.4, 0.001);

        Assert.Equal(0.5, verdict.RelativeGain!.Value, 12);
        Assert.Null(VerdictRule.Decide(new VerdictPolicy(), "accuracy", 0.6, "base", 0, 0.001).RelativeGain);
    }

    [Theory]
    [InlineData(0.0, 0.2)]
    [InlineData(1.0, 0.2)]
    [InlineData(0.05, -0.1)]
    public void Decide_InvalidPolicy_Throws(double significance, double minGain)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            VerdictRule.Decide(new VerdictPolicy { Significance = significance, MinRelativeGain = minGain }, "accuracy", 1, "base", 0, 0));
    }
}

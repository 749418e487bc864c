using Sharpen.Evaluation.Metrics;

namespace Sharpen.Evaluation.Tests.Metrics;

/// <summary>Expected values follow the SQuAD v1.1 evaluation script's definitions, worked by hand in each comment.</summary>
public sealed class AnswerMetricsTests
{
    [Theory]
    [InlineData("The Eiffel Tower!", "eiffel tower", "eiffel tower")]
    [InlineData("  A  cat,  an apple ", "cat apple", "")]
    [InlineData("Denver Broncos", "denver broncos", "")]
    public void Normalize_FollowsSquad(string text, string expected, string _)
    {
        Assert.Equal(expected, AnswerNormalizer.Normalize(text));
    }

    [Fact]
    public void TokenF1_PartialOverlap_IsHarmonicMeanOfPrecisionAndRecall()
    {
        // prediction "the cat sat on the mat" → {cat, sat, on, mat}; reference "a cat sat" → {cat, sat};
        // common 2: precision 2/4, recall 2/2, F1 = 2·0.5·1/(1.5) = 2/3.
        Assert.Equal(2.0 / 3.0, AnswerMetrics.TokenF1("the cat sat on the mat", "a cat sat"), 12);
    }

    [Fact]
    public void TokenF1_RepeatedTokens_CountAsAMultiset()
    {
        // "yes yes yes" vs "yes": common = min(3, 1) = 1 → precision 1/3, recall 1, F1 = 0.5.
        Assert.Equal(0.5, AnswerMetrics.TokenF1("yes yes yes", "yes"), 12);
    }

    [Fact]
    public void ExactMatch_RawAndNormalised_Differ()
    {
        Assert.Equal(0, AnswerMetrics.ExactMatch("The Broncos.", "broncos"));
        Assert.Equal(1, AnswerMetrics.NormalizedExactMatch("The Broncos.", "broncos"));
        Assert.Equal(1, AnswerMetrics.ExactMatch(" card_arrival ", "card_arrival"));
    }
}

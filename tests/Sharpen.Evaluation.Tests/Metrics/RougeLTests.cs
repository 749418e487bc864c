using Sharpen.Evaluation.Metrics;

namespace Sharpen.Evaluation.Tests.Metrics;

public sealed class RougeLTests
{
    [Fact]
    public void Score_RougeScoreReadmeExample_MatchesPublishedValues()
    {
        // google-research rouge-score's usage example, scorer.score(target, prediction); its published output:
        // rougeL: Score(precision=0.625, recall=0.5555555555555556, fmeasure=0.5882352941176471).
        var score = RougeL.Score("The quick brown fox jumps over the lazy dog", "The quick brown dog jumps on the log.");

        Assert.Equal(0.625, score.Precision, 12);
        Assert.Equal(0.5555555555555556, score.Recall, 12);
        Assert.Equal(0.5882352941176471, score.FMeasure, 12);
    }

    [Fact]
    public void Score_NoOverlapOrEmpty_IsZero()
    {
        Assert.Equal(0, RougeL.Score("alpha beta", "gamma").FMeasure);
        Assert.Equal(0, RougeL.Score("", "gamma").FMeasure);
    }
}

using Sharpen.Evaluation.Baselines;

namespace Sharpen.Evaluation.Tests.Baselines;

public sealed class Bm25IndexTests
{
    [Fact]
    public void Scores_RankBm25ReadmeExample_MatchesPublishedScores()
    {
        // rank_bm25 README: corpus tokenised with doc.split(" "), query "windy London" → BM25Okapi.get_scores
        // = [0., 0.93729472, 0.].
        string[] corpus = ["Hello there good man!", "It is quite windy in London", "How is the weather today?"];
        var index = new Bm25Index(corpus, text => text.Split(' '));

        var scores = index.Scores("windy London");

        Assert.Equal(0.0, scores[0], 8);
        Assert.Equal(0.93729472, scores[1], 8);
        Assert.Equal(0.0, scores[2], 8);
        Assert.Equal(1, index.Search("windy London")[0].Index);
    }

    [Fact]
    public void Search_Banking77StyleQuestion_FindsTheSameIntent()
    {
        string[] train = ["I am still waiting on my card?", "How do I top up by card?", "My card payment was declined."];

        var best = new Bm25Index(train).Search("still waiting for my new card", top: 1)[0];

        Assert.Equal(0, best.Index);
    }
}

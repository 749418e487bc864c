using Sharpen.Evaluation.Advice;

namespace Sharpen.Evaluation.Tests.Advice;

/// <summary>The rules come from the seed document's decision framework; each test pins one of them.</summary>
public sealed class DecisionAdvisorTests
{
    private static readonly AdviceQuestions Ideal = new()
    {
        DomainExpertiseCritical = true,
        HighQualityExamples = 2000,
        Production = true,
        ExpectedImprovementPercent = 30,
        NeedsRealTimeUpdates = false,
    };

    [Fact]
    public void Advise_AllAnswersFavourable_FineTune()
    {
        var advice = DecisionAdvisor.Advise(Ideal);

        Assert.Equal(Recommendation.FineTune, advice.Recommendation);
        Assert.Empty(advice.Assumptions);
        Assert.StartsWith("medium", advice.CostTier, StringComparison.Ordinal);
    }

    [Fact]
    public void Advise_RealTimeUpdates_Retrieval()
    {
        Assert.Equal(Recommendation.Retrieval, DecisionAdvisor.Advise(Ideal with { NeedsRealTimeUpdates = true }).Recommendation);
    }

    [Theory]
    [InlineData(499)]
    [InlineData(50)]
    public void Advise_FewerThan500Examples_PromptEngineeringFirst(int examples)
    {
        var advice = DecisionAdvisor.Advise(Ideal with { HighQualityExamples = examples });

        Assert.Equal(Recommendation.PromptEngineeringFirst, advice.Recommendation);
        Assert.Contains(examples < 100 ? "memorise" : "below the usual minimum", advice.Reasons[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5, Recommendation.PromptEngineeringFirst)]
    [InlineData(15, Recommendation.PromptEngineeringFirst)]
    [InlineData(20, Recommendation.PromptEngineeringFirst)]
    [InlineData(21, Recommendation.FineTune)]
    public void Advise_ExpectedImprovement_FollowsThe10And20PercentRule(double gain, Recommendation expected)
    {
        Assert.Equal(expected, DecisionAdvisor.Advise(Ideal with { ExpectedImprovementPercent = gain }).Recommendation);
    }

    [Fact]
    public void Advise_NoDomainExpertise_PromptEngineeringFirst()
    {
        Assert.Equal(Recommendation.PromptEngineeringFirst, DecisionAdvisor.Advise(Ideal with { DomainExpertiseCritical = false }).Recommendation);
    }

    [Fact]
    public void Advise_Prototype_Defer()
    {
        Assert.Equal(Recommendation.Defer, DecisionAdvisor.Advise(Ideal with { Production = false }).Recommendation);
    }

    [Fact]
    public void Advise_NothingAnswered_FineTuneWithEveryAssumptionSpelledOut()
    {
        var advice = DecisionAdvisor.Advise(new AdviceQuestions());

        Assert.Equal(Recommendation.FineTune, advice.Recommendation);
        Assert.Equal(5, advice.Assumptions.Count);
        Assert.Null(advice.CostTier);
    }

    [Theory]
    [InlineData(800, "small")]
    [InlineData(4000, "medium")]
    [InlineData(10003, "large")]
    public void CostTier_FollowsTheSeedsTiers(int examples, string tier)
    {
        Assert.StartsWith(tier, DecisionAdvisor.CostTier(examples), StringComparison.Ordinal);
    }
}

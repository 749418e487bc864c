using Sharpen.Modeling.Generation;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Tests.Generation;

public sealed class TokenSamplerTests
{
    [Fact]
    public void Next_Greedy_ReturnsArgmax()
    {
        using var sampler = new TokenSampler(SamplingOptions.Greedy);
        using var logits = tensor(new[] { 0.1f, 3.0f, -2.0f, 2.9f });

        Assert.Equal(1, sampler.Next(logits, []));
    }

    [Fact]
    public void Next_RepetitionPenalty_DividesPositiveAndMultipliesNegativeLogits()
    {
        // transformers' RepetitionPenaltyLogitsProcessor with penalty 2: 2.0 → 1.0 (seen), 1.5 unchanged, -1.0 → -2.0.
        using var greedy = new TokenSampler(SamplingOptions.Greedy with { RepetitionPenalty = 2.0 });
        using var logits = tensor(new[] { 2.0f, 1.5f, -1.0f });

        Assert.Equal(1, greedy.Next(logits, [0]));
        Assert.Equal(0, greedy.Next(logits, [2]));
    }

    [Fact]
    public void Next_TopKOne_IsGreedyWhateverTheTemperature()
    {
        using var sampler = new TokenSampler(new SamplingOptions { Temperature = 5.0, TopK = 1, Seed = 3 });
        using var logits = tensor(new[] { 0.5f, 0.4f, 0.6f, 0.1f });

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(2, sampler.Next(logits, []));
        }
    }

    [Fact]
    public void Next_TinyTopP_KeepsOnlyTheMostLikelyToken()
    {
        using var sampler = new TokenSampler(new SamplingOptions { Temperature = 1.0, TopP = 0.01, Seed = 5 });
        using var logits = tensor(new[] { 1.0f, 1.2f, 0.9f });

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(1, sampler.Next(logits, []));
        }
    }

    [Fact]
    public void Next_TopP_DrawsOnlyFromTheNucleus()
    {
        // Probabilities 0.5, 0.3, 0.15, 0.05: top_p 0.75 keeps {0, 1} (0.5 < 0.75, 0.8 ≥ 0.75 closes the nucleus).
        using var sampler = new TokenSampler(new SamplingOptions { Temperature = 1.0, TopP = 0.75, Seed = 9 });
        using var logits = tensor(new[] { 0.5f, 0.3f, 0.15f, 0.05f }).log();

        var drawn = Enumerable.Range(0, 300).Select(_ => sampler.Next(logits, [])).ToHashSet();

        Assert.Equal(new HashSet<int> { 0, 1 }, drawn);
    }

    [Fact]
    public void Next_Temperature1_FollowsTheModelDistribution()
    {
        // 4,000 seeded draws from p = (0.7, 0.2, 0.1): each frequency within 0.03 of p (≈ 4.5 standard errors).
        using var sampler = new TokenSampler(new SamplingOptions { Temperature = 1.0, Seed = 1234 });
        using var logits = tensor(new[] { 0.7f, 0.2f, 0.1f }).log();
        var counts = new int[3];

        for (var i = 0; i < 4000; i++)
        {
            counts[sampler.Next(logits, [])]++;
        }

        Assert.InRange(counts[0] / 4000.0, 0.67, 0.73);
        Assert.InRange(counts[1] / 4000.0, 0.17, 0.23);
        Assert.InRange(counts[2] / 4000.0, 0.07, 0.13);
    }

    [Fact]
    public void Next_SameSeed_SameDraws_OtherSeed_OtherDraws()
    {
        using var logits = tensor(Enumerable.Range(0, 50).Select(i => (float)Math.Sin(i)).ToArray());

        int[] Draw(ulong seed)
        {
            using var sampler = new TokenSampler(new SamplingOptions { Temperature = 1.0, Seed = seed });
            return [.. Enumerable.Range(0, 40).Select(_ => sampler.Next(logits, []))];
        }

        Assert.Equal(Draw(42), Draw(42));
        Assert.NotEqual(Draw(42), Draw(43));
    }

    [Theory]
    [InlineData(-0.1, 0, 1.0, 1.0, "temperature")]
    [InlineData(1.0, -1, 1.0, 1.0, "top_k")]
    [InlineData(1.0, 0, 0.0, 1.0, "top_p")]
    [InlineData(1.0, 0, 1.5, 1.0, "top_p")]
    [InlineData(1.0, 0, 1.0, 0.0, "repetition_penalty")]
    public void Constructor_OutOfRangeOption_IsNamed(double temperature, int topK, double topP, double penalty, string name)
    {
        var options = new SamplingOptions { Temperature = temperature, TopK = topK, TopP = topP, RepetitionPenalty = penalty };

        var error = Assert.Throws<ArgumentException>(() => new TokenSampler(options));

        Assert.StartsWith(name, error.Message, StringComparison.Ordinal);
    }
}

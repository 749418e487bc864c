using Sharpen.Modeling.Llama;
using Sharpen.Training.Optimization;

namespace Sharpen.Training.Tests.Optimization;

public sealed class WeightDecayGroupsTests
{
    [Fact]
    public void Split_StoriesModel_ExcludesEveryNormFromDecay()
    {
        using var model = LlamaForCausalLM.FromPretrained(TinyTraining.ModelDirectory);
        var groups = WeightDecayGroups.Split([.. model.named_parameters().Select(p => (p.name, p.parameter))]);

        Assert.All(groups.NoDecay, p => Assert.Contains("norm", p.Name, StringComparison.Ordinal));
        Assert.All(groups.Decay, p => Assert.DoesNotContain("norm", p.Name, StringComparison.Ordinal));
        Assert.Equal(11, groups.NoDecay.Count); // 5 layers × (input + post-attention) + the final norm
        Assert.Contains(groups.Decay, p => p.Name == "model.embed_tokens.weight");
    }
}

using Sharpen.Modeling.Adapters;

namespace Sharpen.Modeling.Tests.Adapters;

[Collection(SerialTorchCollection.Name)]
public sealed class LoraOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedOnes_AndValid()
    {
        var options = new LoraOptions();

        options.Validate();
        Assert.Equal(8, options.Rank);
        Assert.Equal(16, options.Alpha);
        Assert.Equal(0.05, options.Dropout);
        Assert.Equal(["q_proj", "v_proj"], options.TargetModules);
        Assert.False(options.UseRsLora);
        Assert.Equal(2.0, options.Scaling);
    }

    [Theory]
    [InlineData(0, 16, 0.05, "LoraOptions.Rank")]
    [InlineData(8, 0, 0.05, "LoraOptions.Alpha")]
    [InlineData(8, double.NaN, 0.05, "LoraOptions.Alpha")]
    [InlineData(8, 16, 1.0, "LoraOptions.Dropout")]
    [InlineData(8, 16, -0.1, "LoraOptions.Dropout")]
    public void Validate_OutOfRange_NamesTheOption(int rank, double alpha, double dropout, string option)
    {
        var options = new LoraOptions { Rank = rank, Alpha = alpha, Dropout = dropout };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.StartsWith(option, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lm_head")]
    [InlineData("qproj")]
    [InlineData("")]
    public void Validate_UnknownTarget_NamesTargetModulesAndTheValue(string target)
    {
        var options = new LoraOptions { TargetModules = [target] };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("LoraOptions.TargetModules", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{target}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyTargetsOrAllLinearMixed_Throws()
    {
        Assert.Throws<ArgumentException>(new LoraOptions { TargetModules = [] }.Validate);
        Assert.Throws<ArgumentException>(new LoraOptions { TargetModules = ["all-linear", "q_proj"] }.Validate);
    }

    [Fact]
    public void Targets_MatchesLastSegmentOrDottedSuffixOnly()
    {
        var options = new LoraOptions { TargetModules = ["q_proj", "mlp.down_proj"] };

        Assert.True(options.Targets("model.layers.0.self_attn.q_proj"));
        Assert.True(options.Targets("model.layers.4.mlp.down_proj"));
        Assert.False(options.Targets("model.layers.0.self_attn.k_proj"));
        Assert.False(options.Targets("model.layers.0.self_attn.xq_proj"));
    }

    [Fact]
    public void AllLinear_TargetsEverySevenProjections()
    {
        var options = new LoraOptions { TargetModules = ["all-linear"] };

        options.Validate();
        Assert.Equal(["down_proj", "gate_proj", "k_proj", "o_proj", "q_proj", "up_proj", "v_proj"], options.ResolvedTargetModules);
        Assert.True(options.Targets("model.layers.2.mlp.gate_proj"));
    }
}

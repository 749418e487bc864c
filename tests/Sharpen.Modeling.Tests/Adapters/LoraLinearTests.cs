using Sharpen.Modeling.Adapters;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Tests.Adapters;

[Collection(SerialTorchCollection.Name)]
public sealed class LoraLinearTests
{
    [Fact]
    public void Forward_FreshAdapter_EqualsPlainLinearExactly()
    {
        using var layer = new LoraLinear(16, 12, rank: 4, alpha: 8, dropout: 0, hasBias: true);
        using var plain = nn.Linear(16, 12, hasBias: true);
        using (no_grad())
        {
            plain.weight!.copy_(layer.Weight!);
            plain.bias!.copy_(layer.Bias!);
        }

        using var x = randn(3, 5, 16);

        using var expected = plain.forward(x);
        using var actual = layer.forward(x);

        // B starts at zero (peft's init), so the update adds exactly 0 to every element.
        Assert.True(expected.eq(actual).all().item<bool>());
    }

    [Fact]
    public void Constructor_InitialisesLikePeft_AUniformWithinOneOverSqrtIn_BZero()
    {
        using var layer = new LoraLinear(64, 32, rank: 8, alpha: 16, dropout: 0, generator: new Generator(5));

        var bound = 1 / Math.Sqrt(64); // kaiming_uniform_(a=√5): gain √(1/3) × √(3 / fan_in) = 1/√fan_in
        Assert.Equal([8L, 64L], layer.LoraA.shape);
        Assert.Equal([32L, 8L], layer.LoraB.shape);
        Assert.True(layer.LoraA.abs().max().item<float>() <= bound);
        Assert.True(layer.LoraA.abs().max().item<float>() > bound * 0.9); // spread over the range, not a tiny init
        Assert.Equal(0, layer.LoraB.abs().sum().item<float>());
        Assert.Equal(ScalarType.Float32, layer.LoraA.dtype);
    }

    [Fact]
    public void Constructor_SameGenerator_SameAdapters()
    {
        using var a = new LoraLinear(10, 6, 2, 4, 0, generator: new Generator(11));
        using var b = new LoraLinear(10, 6, 2, 4, 0, generator: new Generator(11));

        Assert.True(a.LoraA.eq(b.LoraA).all().item<bool>());
    }

    [Theory]
    [InlineData(false, 16.0 / 4)]
    [InlineData(true, 16.0 / 2)]
    public void Scaling_PlainAndRsLora_AlphaOverRankOrSqrtRank(bool rsLora, double expected)
    {
        using var layer = new LoraLinear(8, 8, rank: 4, alpha: 16, dropout: 0, useRsLora: rsLora);

        Assert.Equal(expected, layer.Scaling, 12);
    }

    [Fact]
    public void Forward_WithUpdate_IsBaseOutputPlusScaledLowRankProduct()
    {
        using var layer = new LoraLinear(6, 5, rank: 2, alpha: 3, dropout: 0);
        using (no_grad())
        {
            layer.LoraB.copy_(randn(5, 2));
        }

        using var x = randn(4, 6);
        var weight = layer.Weight!;

        // Written out from the LoRA paper, eq. 3: h = W0 x + (alpha / r) B A x.
        using var expected = x.matmul(weight.t()) + (x.matmul(layer.LoraA.t()).matmul(layer.LoraB.t()) * 1.5);
        using var actual = layer.forward(x);

        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void MergedWeight_ForwardWithIt_MatchesUnmergedForward()
    {
        using var layer = new LoraLinear(12, 10, rank: 3, alpha: 6, dropout: 0.3);
        layer.eval();
        using (no_grad())
        {
            layer.LoraB.copy_(randn(10, 3));
        }

        using var x = randn(7, 12);
        using var merged = layer.MergedWeight();

        using var expected = layer.forward(x);
        using var actual = nn.functional.linear(x, merged);

        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void MergeThenUnmerge_RestoresWeightAndOutputs()
    {
        using var layer = new LoraLinear(12, 10, rank: 3, alpha: 6, dropout: 0);
        using (no_grad())
        {
            layer.LoraB.copy_(randn(10, 3));
        }

        using var x = randn(7, 12);
        using var before = layer.forward(x);
        using var original = layer.Weight!.clone();

        layer.Merge();
        using var merged = layer.forward(x);
        layer.Unmerge();
        using var after = layer.forward(x);

        Assert.True(layer.IsMerged is false);
        Assert.True(merged.allclose(before, rtol: 1e-5, atol: 1e-5));
        Assert.True(after.allclose(before, rtol: 1e-5, atol: 1e-5));
        Assert.True(layer.Weight!.allclose(original, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Backward_OnlyAdapterGetsGradients()
    {
        using var layer = new LoraLinear(8, 8, rank: 2, alpha: 4, dropout: 0, hasBias: true);
        using var x = randn(3, 8);

        using var loss = layer.forward(x).pow(2).sum();
        loss.backward();

        Assert.Null(layer.Weight!.grad);
        Assert.Null(layer.Bias!.grad);
        Assert.NotNull(layer.LoraA.grad);
        Assert.NotNull(layer.LoraB.grad);
        // B = 0 makes dL/dA zero at the first step, while dL/dB = s · (A x)ᵀ · dL/dy is not.
        Assert.True(layer.LoraB.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Forward_BFloat16Base_KeepsFloat32AdapterAndComputesInActivationDtype()
    {
        using var layer = new LoraLinear(8, 8, rank: 2, alpha: 4, dropout: 0, dtype: ScalarType.BFloat16);
        using var x = randn(3, 8).to(ScalarType.BFloat16);

        using var y = layer.forward(x);
        using var loss = y.to(ScalarType.Float32).pow(2).sum();
        loss.backward();

        Assert.Equal(ScalarType.BFloat16, layer.Weight!.dtype);
        Assert.Equal(ScalarType.BFloat16, y.dtype);
        Assert.Equal(ScalarType.Float32, layer.LoraB.dtype);
        Assert.Equal(ScalarType.Float32, layer.LoraB.grad!.dtype);
    }

    [Fact]
    public void Forward_TrainingWithDropout_ChangesOnlyTheAdapterPath()
    {
        using var layer = new LoraLinear(32, 16, rank: 4, alpha: 8, dropout: 0.5);
        layer.train();
        using var x = randn(64, 32);

        // With B = 0 dropout cannot show: the base path never drops.
        using var fresh = layer.forward(x);
        using var baseline = nn.functional.linear(x, layer.Weight!);
        Assert.True(fresh.eq(baseline).all().item<bool>());

        using (no_grad())
        {
            layer.LoraB.copy_(randn(16, 4));
        }

        using var first = layer.forward(x);
        using var second = layer.forward(x);
        Assert.False(first.allclose(second));
    }

    [Fact]
    public void Constructor_BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoraLinear(8, 8, rank: 0, alpha: 4, dropout: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoraLinear(8, 8, rank: 2, alpha: 0, dropout: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoraLinear(8, 8, rank: 2, alpha: 4, dropout: 1));
    }
}

using Sharpen.Modeling.Adapters;
using Sharpen.Modeling.Quantization;
using Sharpen.Modeling.Tests.Adapters;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Tests.Quantization;

[Collection(SerialTorchCollection.Name)]
public sealed class QLoraTests
{
    [Fact]
    public void Forward_QuantizedBase_MatchesLoraOverTheDequantizedWeight()
    {
        using var qlora = new LoraLinear(128, 64, rank: 4, alpha: 8, dropout: 0, hasBias: true, generator: new Generator(3));
        using (no_grad())
        {
            qlora.LoraB.copy_(randn(64, 4));
        }

        qlora.QuantizeBase();
        using var reference = new LoraLinear(128, 64, rank: 4, alpha: 8, dropout: 0, hasBias: true);
        using (no_grad())
        {
            using var dequantized = Nf4.Dequantize(qlora.QuantizedWeight!);
            reference.Weight!.copy_(dequantized);
            reference.Bias!.copy_(qlora.Bias!);
            reference.LoraA.copy_(qlora.LoraA);
            reference.LoraB.copy_(qlora.LoraB);
        }

        using var x = randn(5, 128);

        using var expected = reference.forward(x);
        using var actual = qlora.forward(x);

        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void QuantizeBase_RemovesTheWeightParameterAndKeepsGradientsInTheAdapter()
    {
        using var layer = new LoraLinear(64, 64, rank: 2, alpha: 4, dropout: 0);

        layer.QuantizeBase();
        using var x = randn(3, 64, requires_grad: true);
        using var loss = layer.forward(x).pow(2).sum();
        loss.backward();

        Assert.True(layer.IsQuantized);
        Assert.Equal(["lora_A.weight", "lora_B.weight"], layer.named_parameters().Select(p => p.name).Order());
        Assert.NotNull(layer.LoraB.grad);
        Assert.NotNull(x.grad); // gradients flow through the dequantised base to earlier layers
        Assert.Equal((64 * 64 / 2) + (64 * 4), layer.BaseWeightBytes);
    }

    [Fact]
    public void Forward_BFloat16Activations_DequantizesToBFloat16()
    {
        using var layer = new LoraLinear(64, 32, rank: 2, alpha: 4, dropout: 0, dtype: ScalarType.BFloat16);
        layer.QuantizeBase();
        using var x = randn(2, 64).to(ScalarType.BFloat16);

        using var y = layer.forward(x);

        Assert.Equal(ScalarType.BFloat16, y.dtype);
    }

    [Fact]
    public void MergeOnQuantizedBase_Throws()
    {
        using var layer = new LoraLinear(64, 32, rank: 2, alpha: 4, dropout: 0);
        layer.QuantizeBase();

        Assert.Throws<InvalidOperationException>(layer.Merge);
    }
}

using Sharpen.Modeling.Llama;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Tests.Llama;

/// <summary>
/// The fused bfloat16 RMSNorm against transformers' LlamaRMSNorm formula evaluated in float64 by libtorch from the same
/// bfloat16 inputs (forward: y = w · bf16(x · rsqrt(mean(x²) + ε)); gradients by libtorch's autograd through that
/// formula). Width 72 exercises the 32-wide vector blocks and the scalar tail; 15 rows split across threads.
/// </summary>
public sealed class BFloat16RmsNormTests
{
    private const double Epsilon = 1e-5;

    [Fact]
    public void Forward_MatchesTheFloat64Formula_WithinOneBFloat16Rounding()
    {
        using var scope = NewDisposeScope();
        var (x, w) = Inputs();
        using var norm = new LlamaRmsNorm(72, Epsilon, ScalarType.BFloat16);
        using (no_grad())
        {
            norm.parameters().Single().copy_(w);
        }

        Assert.True(BFloat16RmsNorm.IsSupported(x, w));
        var actual = norm.forward(x).to(ScalarType.Float64);

        var x64 = x.to(ScalarType.Float64);
        var normed = (x64 * (x64.pow(2).mean([-1L], keepdim: true) + Epsilon).rsqrt()).to(ScalarType.BFloat16).to(ScalarType.Float64);
        var expected = w.to(ScalarType.Float64) * normed;

        // One bf16 rounding of the output (2⁻⁹ relative) plus, rarely, the normed value landing on the other side of a
        // rounding boundary because r is float32 here (another 2⁻⁸ of it).
        var error = (actual - expected).abs() - (expected.abs() * Math.Pow(2, -7));
        Assert.True(error.max().item<double>() <= 1e-6, $"worst excess {error.max().item<double>()}");
        Assert.Equal(ScalarType.BFloat16, norm.forward(x).dtype);
    }

    [Fact]
    public void Backward_MatchesFloat64Autograd()
    {
        using var scope = NewDisposeScope();
        var (x, w) = Inputs();
        var dy = randn([15, 72], generator: new Generator(3)).to(ScalarType.BFloat16);
        var xIn = x.detach().requires_grad_(true);
        var wIn = w.detach().requires_grad_(true);
        BFloat16RmsNorm.Apply(xIn, wIn, Epsilon).backward([dy]);

        var x64 = x.to(ScalarType.Float64).requires_grad_(true);
        var w64 = w.to(ScalarType.Float64).requires_grad_(true);
        var y64 = w64 * (x64 * (x64.pow(2).mean([-1L], keepdim: true) + Epsilon).rsqrt());
        y64.backward([dy.to(ScalarType.Float64)]);

        AssertClose(xIn.grad!, x64.grad!, "∂x");
        AssertClose(wIn.grad!, w64.grad!, "∂w");
        Assert.Equal(ScalarType.BFloat16, xIn.grad!.dtype);
        Assert.Equal(ScalarType.BFloat16, wIn.grad!.dtype);
    }

    [Fact]
    public void Backward_OnlyTheWeightTrains_GivesNoInputGradient()
    {
        using var scope = NewDisposeScope();
        var (x, w) = Inputs();
        var wIn = w.detach().requires_grad_(true);
        BFloat16RmsNorm.Apply(x, wIn, Epsilon).sum().backward();
        Assert.NotNull(wIn.grad);
        Assert.Null(x.grad);
    }

    [Fact]
    public void IsSupported_Float32_IsFalse()
    {
        using var x = ones(2, 8);
        using var w = ones(8);
        Assert.False(BFloat16RmsNorm.IsSupported(x, w));
    }

    private static (Tensor X, Tensor W) Inputs()
    {
        var generator = new Generator(1);
        var x = (randn([15, 72], generator: generator) * 3).to(ScalarType.BFloat16);
        var w = (1 + (randn([72], generator: generator) * 0.1)).to(ScalarType.BFloat16);
        return (x, w);
    }

    /// <summary>bf16 output rounding (2⁻⁹ relative) plus intermediates the reference keeps exact: 1% of the largest value.</summary>
    private static void AssertClose(Tensor actual, Tensor expected, string what)
    {
        var scale = expected.abs().max().item<double>();
        var worst = (actual.to(ScalarType.Float64) - expected).abs().max().item<double>();
        Assert.True(worst <= 0.01 * scale, $"{what}: worst difference {worst}, scale {scale}");
    }
}

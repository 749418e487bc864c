using Sharpen.Modeling.Llama;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Tests.Llama;

/// <summary>
/// The fused bfloat16 SwiGLU gate against silu(g) · u evaluated by libtorch in float64 from the same bfloat16 inputs,
/// gradients from libtorch's autograd through that formula. Sizes exercise the scalar tail (945 elements) and several
/// parallel chunks with a tail (140,003 elements).
/// </summary>
public sealed class BFloat16SwiGluTests
{
    [Theory]
    [InlineData(3, 315)]
    [InlineData(1, 140_003)]
    public void ForwardAndBackward_MatchTheFloat64Formula(int rows, int width)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(5);
        var gate = (randn([rows, width], generator: generator) * 3).to(ScalarType.BFloat16);
        var up = randn([rows, width], generator: generator).to(ScalarType.BFloat16);
        var gradOutput = randn([rows, width], generator: generator).to(ScalarType.BFloat16);

        var g = gate.detach().requires_grad_(true);
        var u = up.detach().requires_grad_(true);
        Assert.True(BFloat16SwiGlu.IsSupported(g, u));
        var actual = BFloat16SwiGlu.Apply(g, u);
        actual.backward([gradOutput]);

        var g64 = gate.to(ScalarType.Float64).requires_grad_(true);
        var u64 = up.to(ScalarType.Float64).requires_grad_(true);
        var expected = nn.functional.silu(g64) * u64;
        expected.backward([gradOutput.to(ScalarType.Float64)]);

        AssertWithinOneRounding(actual, expected, "h");
        AssertWithinOneRounding(g.grad!, g64.grad!, "∂g");
        AssertWithinOneRounding(u.grad!, u64.grad!, "∂u");
    }

    [Fact]
    public void IsSupported_Float32_IsFalse()
    {
        using var a = ones(4, 8);
        Assert.False(BFloat16SwiGlu.IsSupported(a, a));
    }

    /// <summary>Elementwise: one bfloat16 rounding (2⁻⁸ relative) plus float32 error in σ, far below it.</summary>
    private static void AssertWithinOneRounding(Tensor actual, Tensor expected, string what)
    {
        var excess = (actual.to(ScalarType.Float64) - expected.detach()).abs() - (expected.detach().abs() * Math.Pow(2, -8)) - 1e-30;
        Assert.True(excess.max().item<double>() <= 0, $"{what}: worst excess {excess.max().item<double>()}");
    }
}

using Sharpen.Modeling.Llama;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Tests.Llama;

/// <summary>
/// The fused bfloat16 rotary pass against <see cref="RotaryEmbedding.Apply"/>'s formula, x·cos + rotate_half(x)·sin,
/// evaluated by libtorch in float64 from the same bfloat16 inputs, with gradients from libtorch's autograd through that
/// formula. The tables are random with unequal halves (real tables repeat their halves), so a mixed-up half would
/// show; head dim 72 exercises the 32-wide blocks and the scalar tail.
/// </summary>
public sealed class BFloat16RotaryTests
{
    private const int Batch = 2, Length = 5, Heads = 3, HeadDim = 72;
    private const double Scale = 0.125;

    [Fact]
    public void ForwardAndBackward_MatchTheFloat64Formula()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(11);
        var projected = randn([Batch, Length, Heads * HeadDim], generator: generator).to(ScalarType.BFloat16);
        var cos = rand([Length, HeadDim], generator: generator).to(ScalarType.BFloat16);
        var sin = rand([Length, HeadDim], generator: generator).to(ScalarType.BFloat16);
        var gradOutput = randn([Batch, Heads, Length, HeadDim], generator: generator).to(ScalarType.BFloat16);

        var input = projected.detach().requires_grad_(true);
        Assert.True(BFloat16Rotary.IsSupported(input, cos));
        var actual = BFloat16Rotary.Apply(input, Heads, cos, sin, Scale);
        actual.backward([gradOutput]);

        var input64 = projected.to(ScalarType.Float64).requires_grad_(true);
        var heads = input64.view(Batch, Length, Heads, HeadDim).transpose(1, 2);
        var expected = RotaryEmbedding.Apply(heads, cos.to(ScalarType.Float64), sin.to(ScalarType.Float64)) * Scale;
        expected.backward([gradOutput.to(ScalarType.Float64)]);

        Assert.Equal([Batch, Heads, Length, HeadDim], actual.shape);
        Assert.True(actual.is_contiguous());
        AssertClose(actual, expected, "rotated heads");
        AssertClose(input.grad!, input64.grad!, "∂x");
    }

    [Fact]
    public void IsSupported_Float32_IsFalse()
    {
        using var projected = ones(1, 2, 8);
        using var cos = ones(2, 8);
        Assert.False(BFloat16Rotary.IsSupported(projected, cos));
    }

    /// <summary>One bfloat16 rounding of the result: 2⁻⁸ of the largest magnitude.</summary>
    private static void AssertClose(Tensor actual, Tensor expected, string what)
    {
        var scale = expected.abs().max().item<double>();
        var worst = (actual.to(ScalarType.Float64) - expected.detach()).abs().max().item<double>();
        Assert.True(worst <= Math.Pow(2, -8) * scale, $"{what}: worst difference {worst}, scale {scale}");
    }
}

using Sharpen.Modeling.Adapters;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Tests.Adapters;

[Collection(SerialTorchCollection.Name)]
public sealed class CounterDropoutTests
{
    /// <summary>
    /// The first five outputs of SplitMix64 seeded with 1234567, the test vector commonly published for Vigna's reference
    /// splitmix64.c (re-derived here with an independent Python transcription of that file: state += 0x9E3779B97F4A7C15,
    /// then the two xor-shift-multiply rounds).
    /// </summary>
    private static readonly ulong[] ReferenceOutputs =
        [6457827717110365317UL, 3203168211198807973UL, 9817491932198370423UL, 4593380528125082431UL, 16408922859458223821UL];

    [Fact]
    public void Word_IsTheSplitMix64Stream_LowHalfThenHighHalf()
    {
        for (var n = 0; n < ReferenceOutputs.Length; n++)
        {
            Assert.Equal((uint)ReferenceOutputs[n], CounterDropout.Word(1234567, 2 * n));
            Assert.Equal((uint)(ReferenceOutputs[n] >> 32), CounterDropout.Word(1234567, (2 * n) + 1));
        }
    }

    /// <summary>
    /// Every element of a mask (vector body, parallel chunks and the scalar tail: 600,001 elements is 2.3 chunks and not a
    /// multiple of 32) is 0 where the stream's word is below p · 2³² and 1 / (1 − p) elsewhere, with that value rounded
    /// to the dtype by libtorch's own conversion.
    /// </summary>
    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.BFloat16)]
    [InlineData(ScalarType.Float16)]
    public void Mask_EveryElement_FollowsTheStream(ScalarType dtype)
    {
        const double p = 0.3;
        const ulong key = 0x0123456789ABCDEFUL;
        const long count = 600_001;
        var threshold = (uint)Math.Round(p * 4294967296.0);
        using var keepTensor = tensor(1.0 / (1.0 - p), dtype: ScalarType.Float64).to(dtype).to(ScalarType.Float32);
        var keep = keepTensor.item<float>();

        using var mask = CounterDropout.Mask([count], p, dtype, key);
        Assert.Equal(dtype, mask.dtype);
        using var values = mask.to(ScalarType.Float32);
        var actual = values.data<float>().ToArray();
        for (long i = 0; i < count; i++)
        {
            var expected = CounterDropout.Word(key, i) >= threshold ? keep : 0f;
            if (actual[i] != expected)
            {
                Assert.Fail($"element {i}: {actual[i]}, expected {expected}");
            }
        }
    }

    [Fact]
    public void Mask_DropsAFractionP_WithinFiveStandardDeviations()
    {
        const double p = 0.05;
        const long count = 1 << 20;
        using var mask = CounterDropout.Mask([count], p, ScalarType.BFloat16, key: 42);
        var dropped = mask.eq(0).sum().item<long>();
        var sigma = Math.Sqrt(count * p * (1 - p)); // binomial
        Assert.InRange(dropped, (count * p) - (5 * sigma), (count * p) + (5 * sigma));
    }

    [Fact]
    public void Apply_Gradient_IsTheMask()
    {
        using var x = ones(64, 48, dtype: ScalarType.BFloat16).requires_grad_(true);
        using var y = CounterDropout.Apply(x, 0.25, training: true);
        y.sum().backward();

        // y = 1 · mask, and ∂Σy/∂x = mask.
        Assert.True(x.grad!.eq(y.detach()).all().item<bool>());
        Assert.True(y.eq(0).any().item<bool>());
        Assert.True(y.ne(0).any().item<bool>());
    }

    [Fact]
    public void Apply_SameSeed_SameMask_OtherSeed_Different()
    {
        using var x = ones(256, 64);
        manual_seed(7);
        using var first = CounterDropout.Apply(x, 0.5, training: true);
        manual_seed(7);
        using var again = CounterDropout.Apply(x, 0.5, training: true);
        manual_seed(8);
        using var other = CounterDropout.Apply(x, 0.5, training: true);

        Assert.True(first.eq(again).all().item<bool>());
        Assert.False(first.eq(other).all().item<bool>());
    }

    [Theory]
    [InlineData(0.3, false)]
    [InlineData(0.0, true)]
    public void Apply_EvalOrZeroProbability_ReturnsTheInput(double p, bool training)
    {
        using var x = randn(16, 8);
        using var y = CounterDropout.Apply(x, p, training);
        Assert.True(y.eq(x).all().item<bool>());
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Apply_ProbabilityOutOfRange_Throws(double p)
    {
        using var x = ones(4);
        Assert.Throws<ArgumentOutOfRangeException>(() => CounterDropout.Apply(x, p, training: true));
    }
}

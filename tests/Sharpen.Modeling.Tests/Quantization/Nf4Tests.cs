using Sharpen.Modeling.Quantization;
using Sharpen.Modeling.Tests.Adapters;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Tests.Quantization;

[Collection(SerialTorchCollection.Name)]
public sealed class Nf4Tests
{
    // Published NF4 table: bitsandbytes csrc/kernels.cu (nf4_dequantization_lut) = functional.get_4bit_type("nf4"),
    // the values of the QLoRA paper's appendix E, as the float literals bitsandbytes ships.
    private static readonly double[] s_published =
    [
        -1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
        -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
        0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941, 0.7229568362236023, 1.0,
    ];

    [Fact]
    public void Codebook_EqualsThePublishedTable()
    {
        Assert.Equal(16, Nf4.Codebook.Count);
        for (var i = 0; i < 16; i++)
        {
            Assert.Equal((float)s_published[i], Nf4.Codebook[i]);
        }
    }

    [Fact]
    public void Codebook_IsTheNormalQuantileConstructionOfTheQloraPaper()
    {
        // QLoRA eq. 4 as bitsandbytes' create_normal_map(offset=0.9677083) builds it: 8 positive quantiles of
        // N(0, 1) at linspace(offset, 0.5, 9)[:-1], 7 negative ones at linspace(offset, 0.5, 8)[:-1], plus an exact
        // zero, normalised by the largest. An independent derivation of the table above (to float32 precision).
        const double offset = 0.9677083;
        var values = new List<double> { 0 };
        for (var i = 0; i < 8; i++)
        {
            values.Add(NormalQuantile(offset + ((0.5 - offset) * i / 8)));
        }

        for (var i = 0; i < 7; i++)
        {
            values.Add(-NormalQuantile(offset + ((0.5 - offset) * i / 7)));
        }

        var max = values.Max();
        var derived = values.Select(v => v / max).Order().ToList();
        for (var i = 0; i < 16; i++)
        {
            Assert.True(Math.Abs(derived[i] - Nf4.Codebook[i]) < 2e-6, $"code {i}: derived {derived[i]}, table {Nf4.Codebook[i]}");
        }
    }

    [Fact]
    public void QuantizeDequantize_RandomNormalWeights_ErrorWithinHalfTheLargestCodeGapTimesBlockAbsmax()
    {
        manual_seed(13);
        using var weight = randn(96, 200) * 0.02; // 19200 weights = 300 blocks of 64

        using var quantized = Nf4.Quantize(weight);
        using var restored = Nf4.Dequantize(quantized);

        var gaps = Enumerable.Range(0, 15).Select(i => s_published[i + 1] - s_published[i]).ToList();
        var halfLargestGap = gaps.Max() / 2; // (1.0 − 0.7229568) / 2
        using var blocks = weight.reshape(-1, 64);
        using var absmax = blocks.abs().amax([1], keepdim: true);
        using var bound = absmax * halfLargestGap * (1 + 1e-6);
        using var error = (restored.reshape(-1, 64) - blocks).abs();
        Assert.True((error <= bound).all().item<bool>(), $"max error/absmax {(error / absmax).max().item<float>()} > {halfLargestGap}");
        // NF4 is far better than the worst case on normal data: mean error well under a tenth of the block absmax.
        Assert.True((error / absmax).mean().item<float>() < 0.05);
        Assert.Equal(weight.shape, restored.shape);
    }

    [Fact]
    public void Quantize_CodeValuesTimesAbsmax_RoundTripExactly()
    {
        // Every code value scaled by 3 (absmax 3): each element sits on a code, so dequantising gives it back.
        var values = Enumerable.Range(0, 64).Select(i => (float)s_published[i % 16] * 3).ToArray();
        using var weight = tensor(values);

        using var quantized = Nf4.Quantize(weight);
        using var restored = Nf4.Dequantize(quantized);

        Assert.True(restored.allclose(weight, rtol: 0, atol: 1e-6));
        Assert.Equal(3f, quantized.Absmax[0].item<float>());
    }

    [Fact]
    public void Quantize_PacksFirstElementInHighNibble()
    {
        // -1 → code 0, +1 → code 15, 0 → code 7, 0.5626170 → code 13 (bitsandbytes packs element 2j high, 2j+1 low).
        using var weight = tensor(new[] { -1f, 1f, 0f, 0.5626170039176941f });

        using var quantized = Nf4.Quantize(weight, blockSize: 4);

        Assert.Equal(new byte[] { 0x0F, 0x7D }, quantized.Packed.data<byte>().ToArray());
    }

    [Fact]
    public void Quantize_ShapeNotAMultipleOfTheBlock_PadsAndRestoresShape()
    {
        using var weight = randn(3, 25); // 75 weights: 2 blocks of 64, the last one padded

        using var quantized = Nf4.Quantize(weight);
        using var restored = Nf4.Dequantize(quantized, ScalarType.BFloat16);

        Assert.Equal(64, quantized.Packed.numel()); // 128 codes, two per byte
        Assert.Equal(2, quantized.Absmax.numel());
        Assert.Equal([3L, 25L], restored.shape);
        Assert.Equal(ScalarType.BFloat16, restored.dtype);
        Assert.Equal(72, quantized.StorageBytes);
    }

    [Fact]
    public void Quantize_AllZeroBlock_DequantizesToZeros()
    {
        using var weight = zeros(2, 64);

        using var quantized = Nf4.Quantize(weight);
        using var restored = Nf4.Dequantize(quantized);

        Assert.Equal(0, restored.abs().sum().item<float>());
        Assert.False(restored.isnan().any().item<bool>());
    }

    [Fact]
    public void Quantize_BadInput_Throws()
    {
        using var ints = ones(4, dtype: ScalarType.Int32);
        using var weight = ones(64);

        Assert.Throws<ArgumentException>(() => Nf4.Quantize(ints));
        Assert.Throws<ArgumentOutOfRangeException>(() => Nf4.Quantize(weight, blockSize: 3));
    }

    /// <summary>
    /// Φ⁻¹(p) by Acklam's rational approximation (relative error below 1.2e-9), refined by one Halley step on
    /// erfc-based Φ; the coefficients are Acklam's published ones. Independent of the code under test.
    /// </summary>
    private static double NormalQuantile(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        if (p > 1 - low)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        var r = p - 0.5;
        var s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}

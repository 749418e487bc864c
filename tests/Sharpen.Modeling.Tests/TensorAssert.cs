using TorchSharp;

namespace Sharpen.Modeling.Tests;

/// <summary>Bit-for-bit tensor comparison: same dtype, same shape, same bytes (so -0 ≠ +0 and NaN payloads count).</summary>
internal static class TensorAssert
{
    public static void BitEqual(torch.Tensor expected, torch.Tensor actual, string? name = null)
    {
        Assert.True(expected.dtype == actual.dtype, $"{name}: dtype {actual.dtype}, expected {expected.dtype}");
        Assert.True(expected.shape.SequenceEqual(actual.shape), $"{name}: shape [{string.Join(", ", actual.shape)}], expected [{string.Join(", ", expected.shape)}]");
        using var e = expected.contiguous();
        using var a = actual.contiguous();
        var eb = e.bytes;
        var ab = a.bytes;
        if (!eb.SequenceEqual(ab))
        {
            var at = 0;
            while (eb[at] == ab[at])
            {
                at++;
            }

            Assert.Fail($"{name}: bytes differ first at byte {at} (element {at / (int)e.ElementSize}).");
        }
    }
}

using System.Diagnostics;
using static TorchSharp.torch;

namespace Sharpen.Bench.Training;

/// <summary>
/// The machine's practical memory bandwidth, measured in the same run: the best of several timed copies of a 256 MB
/// float32 tensor into another on libtorch's current thread count, counting the bytes read and written (2 × 256 MB per
/// copy). Both tensors are far larger than any cache, so this is what a pass that streams tensors through memory — as
/// AdamW's does over the parameters and its two moments — can move per second here.
/// </summary>
internal static class MemoryBandwidth
{
    /// <summary>Bytes per trainable parameter a full-precision AdamW step must move at the least: the float32 master read
    /// and written (8), both moments read and written (16), the gradient read once in the compute dtype, and with bf16
    /// compute the bf16 replica written (2).</summary>
    public static int AdamWBytesPerParameter(ScalarType computeDType) =>
        8 + 16 + (computeDType == ScalarType.BFloat16 ? 2 + 2 : 4);

    public static double BytesPerSecond(long elements = 64L << 20, int repeats = 5)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var source = ones(elements);
        var destination = zeros(elements);
        destination.copy_(source); // faults the pages in
        var best = 0.0;
        for (var r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            destination.copy_(source);
            best = Math.Max(best, 2.0 * elements * sizeof(float) / clock.Elapsed.TotalSeconds);
        }

        return best;
    }
}

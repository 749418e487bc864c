using System.Diagnostics;
using static TorchSharp.torch;

namespace Sharpen.Bench.Training;

/// <summary>
/// The machine's practical matmul peak, measured in the same run as the training it is compared with: the best of several
/// timed loops of an n×n by n×n product (2·n³ FLOPs each) in the given dtype on libtorch's current thread count. Using a
/// measured rather than a datasheet peak makes MFU answer "how much of what this box can do right now did training use".
/// </summary>
internal static class MatmulPeak
{
    public static double FlopsPerSecond(ScalarType dtype, int size = 2048, int iterations = 8, int repeats = 3)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var generator = new Generator(0);
        var a = randn([size, size], generator: generator).to(dtype);
        var b = randn([size, size], generator: generator).to(dtype);
        using (a.matmul(b))
        {
            // warm-up: oneDNN picks and JITs its kernel on the first call
        }

        var best = 0.0;
        for (var r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++)
            {
                using var c = a.matmul(b);
            }

            var seconds = clock.Elapsed.TotalSeconds;
            best = Math.Max(best, 2.0 * size * size * size * iterations / seconds);
        }

        return best;
    }
}

using System.Runtime.InteropServices;
using TorchSharp;

namespace Sharpen.Modeling.Runtime;

/// <summary>Facts about the loaded tensor engine, gathered without letting a load failure escape.</summary>
public sealed record TorchRuntimeInfo(bool Loaded, string? LibTorchVersion, int IntraOpThreads, int InterOpThreads, string? Error);

/// <summary>Loads libtorch (through TorchSharp) and reports on it.</summary>
public static class TorchRuntime
{
    /// <summary>
    /// Touches the native backend. TorchSharp loads <c>libLibTorchSharp.so</c> on first use; on Debian 12 that only
    /// succeeds because the build marks its GLIBCXX_3.4.32 need weak (build/TorchSharpNative.targets).
    /// </summary>
    public static TorchRuntimeInfo Probe()
    {
        try
        {
            using var scope = torch.NewDisposeScope();
            var one = torch.ones(2).sum().item<float>();
            if (one != 2f)
            {
                return new TorchRuntimeInfo(false, null, 0, 0, $"libtorch computed 1+1 = {one}");
            }

            return new TorchRuntimeInfo(true, torch.__version__, torch.get_num_threads(), torch.get_num_interop_threads(), null);
        }
        catch (Exception ex) when (ex is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            var inner = ex;
            while (inner.InnerException is not null)
            {
                inner = inner.InnerException;
            }

            var firstLine = inner.Message.Split('\n', 2)[0].Trim();
            return new TorchRuntimeInfo(false, null, 0, 0, firstLine);
        }
    }

    /// <summary>
    /// Keeps the C allocator from handing a training step's large blocks back to the kernel between steps (glibc on
    /// Linux; elsewhere nothing happens). By default glibc serves blocks above a moving threshold (128 KB to 32 MB) with
    /// fresh mmaps and trims free heap above 128 KB, so every step's multi-megabyte activations and gradients come back
    /// as new pages the kernel must fault in and zero: at the SmolLM2-135M bf16 LoRA training shape, 320,000 page faults
    /// and 9% of the CPU time in one benchmark, against 42,000 and 2% with blocks up to 32 MB served from the heap and
    /// up to 1 GB of free heap kept. Memory a run has freed is then reused by the next step rather than returned, so
    /// the process's RSS stays near its peak — which a training process reaches every step anyway. Threads that have not
    /// allocated yet share the main arena (at most one arena): data-parallel training workers each in an arena of their
    /// own kept two sets of freed blocks of varying sizes, and a 2,000-step variable-length bf16 soak's RSS crept by
    /// 17 MB per 1,000 steps, against 5 MB with one arena at no measurable cost in speed. Call it once the model is
    /// loaded (and quantised) and before the training threads start: what is free at that moment is returned first.
    /// </summary>
    /// <returns>whether the allocator took all three settings (false off glibc, where nothing changes)</returns>
    public static bool KeepFreedMemoryForReuse()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            // First hand back what is free now — loading's temporaries, a QLoRA base's full-precision weights freed by
            // quantisation — which from here on would be kept.
            _ = malloc_trim(0);
            return mallopt(MmapThreshold, 32 << 20) == 1 && mallopt(TrimThreshold, 1 << 30) == 1 && mallopt(ArenaMax, 1) == 1;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            // Not glibc (e.g. musl): its allocator has no such knobs; training runs as before.
            return false;
        }
    }

    /// <summary>Sets libtorch's intra-op thread count (0 keeps its default: one per core).</summary>
    public static void SetThreads(int threads)
    {
        if (threads > 0)
        {
            torch.set_num_threads(threads);
        }
    }

    // glibc malloc.h: M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3 (setting either also stops the dynamic adjustment),
    // M_ARENA_MAX = -8.
    private const int TrimThreshold = -1;
    private const int MmapThreshold = -3;
    private const int ArenaMax = -8;

    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);
}

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

    /// <summary>Sets libtorch's intra-op thread count (0 keeps its default: one per core).</summary>
    public static void SetThreads(int threads)
    {
        if (threads > 0)
        {
            torch.set_num_threads(threads);
        }
    }
}

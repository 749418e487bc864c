using System.Runtime.InteropServices;
using Sharpen.Modeling.Runtime;

namespace Sharpen.Hosting.Diagnostics;

/// <summary>What <c>sharpen doctor</c> reports: enough to tell why a machine can or cannot train.</summary>
public sealed record DoctorReport(
    string DotnetVersion,
    string OperatingSystem,
    CpuFeatures Cpu,
    TorchRuntimeInfo Torch,
    SharpenPaths Paths)
{
    /// <summary>True when everything needed to train and generate is in place.</summary>
    public bool Healthy => Torch.Loaded;

    public static DoctorReport Collect(SharpenPaths paths) => new(
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription,
        CpuFeatures.Detect(),
        TorchRuntime.Probe(),
        paths);
}

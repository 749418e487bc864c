using System.Globalization;

namespace Sharpen.Core.Diagnostics;

/// <summary>
/// This process's resident memory from <c>/proc/self/status</c> (Linux): <c>VmRSS</c> now and <c>VmHWM</c>, the peak
/// resident set — which includes libtorch's native allocations that the GC never sees.
/// </summary>
public static class ProcessMemory
{
    private const string StatusPath = "/proc/self/status";
    private const string ClearRefsPath = "/proc/self/clear_refs";

    /// <summary>Current resident set in bytes.</summary>
    public static long ResidentBytes() => Read("VmRSS:");

    /// <summary>Peak resident set in bytes since the process started or since <see cref="TryResetPeak"/>.</summary>
    public static long PeakResidentBytes() => Read("VmHWM:");

    /// <summary>
    /// Sets the peak back to the current resident set (Linux 4.0+: writing 5 to <c>/proc/self/clear_refs</c>), so a later
    /// <see cref="PeakResidentBytes"/> measures only what follows. False where that is not possible; the peak then
    /// still counts everything since the process started.
    /// </summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText(ClearRefsPath, "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Memory the kernel could hand this process without swapping (<c>MemAvailable</c>), or null where unknown.</summary>
    public static long? AvailableBytes()
    {
        const string meminfo = "/proc/meminfo";
        if (!File.Exists(meminfo))
        {
            return null;
        }

        foreach (var line in File.ReadLines(meminfo))
        {
            if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
            {
                return Kilobytes(line, "MemAvailable:");
            }
        }

        return null;
    }

    private static long Read(string field)
    {
        if (!File.Exists(StatusPath))
        {
            // Not Linux: the closest the runtime offers (peak working set is what VmHWM reports on Linux anyway).
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            return field == "VmHWM:" ? self.PeakWorkingSet64 : self.WorkingSet64;
        }

        foreach (var line in File.ReadLines(StatusPath))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return Kilobytes(line, field);
            }
        }

        throw new InvalidDataException($"{StatusPath}: no '{field}' line.");
    }

    // "VmHWM:	 1234567 kB"
    private static long Kilobytes(string line, string field) =>
        long.Parse(line[field.Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture) * 1024;
}

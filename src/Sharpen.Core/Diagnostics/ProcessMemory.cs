using System.Globalization;

namespace Sharpen.Core.Diagnostics;

/// <summary>
/// This process's resident memory from <c>/proc/self/status</c> (Linux): <c>VmRSS</c> now and <c>VmHWM</c>, the peak
/// resident set since the process started — which includes libtorch's native allocations that the GC never sees.
/// </summary>
public static class ProcessMemory
{
    private const string StatusPath = "/proc/self/status";

    /// <summary>Current resident set in bytes.</summary>
    public static long ResidentBytes() => Read("VmRSS:");

    /// <summary>Peak resident set in bytes since the process started.</summary>
    public static long PeakResidentBytes() => Read("VmHWM:");

    /// <summary>
    /// Starts a new peak: on Linux, writing 5 to <c>/proc/self/clear_refs</c> resets <c>VmHWM</c> to the current
    /// resident set (proc(5)), so a later <see cref="PeakResidentBytes"/> is the peak of what ran in between. Returns
    /// false where that is not possible (other systems, restricted /proc); the peak then stays process-wide.
    /// </summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
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
                // "VmHWM:	 1234567 kB"
                var parts = line[field.Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidDataException($"{StatusPath}: no '{field}' line.");
    }
}

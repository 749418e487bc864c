using Sharpen.Modeling.Runtime;

namespace Sharpen.Modeling.Tests.Runtime;

public sealed class TorchRuntimeTests
{
    /// <summary>
    /// glibc's mallopt returns 1 when it accepts a setting and 0 when it refuses one; Debian 12 runs glibc, so all
    /// three settings must be taken there (a broken import or a refused value would show as false); elsewhere nothing is set.
    /// </summary>
    [Fact]
    public void KeepFreedMemoryForReuse_OnLinux_TheAllocatorAcceptsAllSettings()
    {
        Assert.Equal(OperatingSystem.IsLinux(), TorchRuntime.KeepFreedMemoryForReuse());
    }
}

namespace Sharpen.Cli.Tests.Commands;

public sealed class DoctorCommandTests
{
    [Fact]
    public void Doctor_OnThisMachine_ReportsThatLibtorchLoads()
    {
        // The build marks libLibTorchSharp.so's GLIBCXX_3.4.32 need weak; without that, Debian 12 cannot load it.
        var (code, _, console) = CliRunner.Run("doctor");

        Assert.True(code == 0, console);
        Assert.Contains("native library loads", console, StringComparison.Ordinal);
        Assert.Contains(".NET 10", console, StringComparison.Ordinal);
        Assert.Contains("AVX-512", console, StringComparison.Ordinal);
        Assert.Contains("runs", console, StringComparison.Ordinal);
    }
}

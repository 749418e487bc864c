using Sharpen.TestKit;

namespace Sharpen.Cli.Tests.Commands;

public sealed class ServeCommandTests
{
    [Theory]
    [InlineData("--model", "no-equals-sign", "NAME=PATH")]
    [InlineData("--host", "not an address", "host")]
    [InlineData("--port", "70000", "port")]
    public void Serve_BadOption_FailsBeforeListeningAndSaysWhy(string option, string value, string expected)
    {
        using var dir = new TempDirectory();

        var (code, _, console) = CliRunner.Run("serve", "--data", dir.Path, option, value);

        Assert.Equal(SharpenCli.UserErrorExitCode, code);
        Assert.Contains(expected, console, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_ModelFolderWithoutConfig_FailsNamingTheFolder()
    {
        using var dir = new TempDirectory();
        var empty = Directory.CreateDirectory(dir.File("empty")).FullName;

        var (code, _, console) = CliRunner.Run("serve", "--data", dir.Path, "--port", "0", "--model", "x=" + empty);

        Assert.Equal(SharpenCli.UserErrorExitCode, code);
        Assert.Contains("config.json", console, StringComparison.Ordinal);
    }
}

using Sharpen.TestKit;

namespace Sharpen.Cli.Tests.Commands;

public sealed class GenerateCommandTests
{
    [Fact]
    public void Generate_Stories260KHfGreedyFromBos_ReproducesLlama2cOutput()
    {
        var (code, stdout, console) = CliRunner.Run(
            "generate", "--model", SharedData.Path("models", "stories260K-hf"),
            "--prompt", "", "--max-new-tokens", Stories260KGolden.NewTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--temperature", "0");

        Assert.True(code == 0, console);
        Assert.Equal(Stories260KGolden.GreedyText + "\n", stdout);
    }

    [Fact]
    public void Generate_Bf16_StillTellsTheStory()
    {
        // bf16 rounds the weights, so only the opening is compared (greedy paths may part later).
        var (code, stdout, console) = CliRunner.Run(
            "generate", "--model", SharedData.Path("models", "stories260K-hf"), "--prompt", "", "-n", "20", "-t", "0", "--dtype", "bfloat16");

        Assert.True(code == 0, console);
        Assert.StartsWith("Once upon a time", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_SeededSampling_IsReproducible()
    {
        string[] args = ["generate", "--model", SharedData.Path("models", "stories260K-hf"), "--prompt", "Once upon a time", "-n", "40", "-t", "1.0", "--top-p", "0.9", "--seed", "133742"];

        var first = CliRunner.Run(args);
        var second = CliRunner.Run(args);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.True(first.Stdout.Length > 20, first.Stdout);
    }

    [Fact]
    public void Generate_StopString_CutsTheTextBeforeIt()
    {
        var (code, stdout, _) = CliRunner.Run(
            "generate", "--model", SharedData.Path("models", "stories260K-hf"), "--prompt", "", "-n", "200", "-t", "0", "--stop", "Lily");

        Assert.Equal(0, code);
        // The greedy text's first "Lily" follows "a little girl named ".
        Assert.Equal("Once upon a time, there was a little girl named \n", stdout);
    }

    [Fact]
    public void Generate_MissingModelFolder_FailsWithTheFolderNamed()
    {
        using var temp = new TempDirectory();
        var missing = temp.File("no-such-model");

        var (code, stdout, console) = CliRunner.Run("generate", "--model", missing, "--prompt", "hi");

        Assert.Equal(SharpenCli.UserErrorExitCode, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("no-such-model", console, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_NegativeTemperature_IsRefused()
    {
        var (code, _, console) = CliRunner.Run("generate", "--model", SharedData.Path("models", "stories260K-hf"), "-t", "-1");

        Assert.Equal(SharpenCli.UserErrorExitCode, code);
        Assert.Contains("temperature", console, StringComparison.Ordinal);
    }
}

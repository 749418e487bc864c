using System.Globalization;
using Sharpen.TestKit;

namespace Sharpen.Cli.Tests.Commands;

/// <summary>
/// The acceptance path: every shipped format of stories260K — the HF folder directly, GGUF and llama2.c through
/// <c>sharpen import</c> — reproduces llama2.c's published greedy output token for token.
/// </summary>
public sealed class ImportCommandTests
{
    [Fact]
    public void ImportGguf_ThenGenerate_ReproducesLlama2cOutput()
    {
        using var temp = new TempDirectory();
        var output = temp.File("stories-gguf");

        var import = CliRunner.Run("import", "--from", "gguf", SharedData.Path("models", "stories260K-gguf", "tinyllamas-stories-260k-f32.gguf"), "--out", output);

        Assert.True(import.ExitCode == 0, import.Console);
        Assert.Contains("imported", import.Console, StringComparison.Ordinal);
        AssertGreedyGolden(output);
    }

    [Fact]
    public void ImportLlama2c_ThenGenerate_ReproducesLlama2cOutput()
    {
        using var temp = new TempDirectory();
        var output = temp.File("stories-llama2c");

        // No --tokenizer: tok512.model beside the checkpoint is found.
        var import = CliRunner.Run("import", "--from", "llama2c", SharedData.Path("models", "stories260K-llama2c", "stories260K.bin"), "--out", output);

        Assert.True(import.ExitCode == 0, import.Console);
        Assert.True(File.Exists(Path.Combine(output, "tokenizer.model")));
        AssertGreedyGolden(output);
    }

    [Fact]
    public void Import_IntoNonEmptyFolderWithoutForce_IsRefusedAndKeepsTheFolder()
    {
        using var temp = new TempDirectory();
        var output = temp.File("taken");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "keep.txt"), "precious");

        var import = CliRunner.Run("import", "--from", "gguf", SharedData.Path("models", "stories260K-gguf", "tinyllamas-stories-260k-f32.gguf"), "--out", output);

        Assert.Equal(SharpenCli.UserErrorExitCode, import.ExitCode);
        Assert.Equal("precious", File.ReadAllText(Path.Combine(output, "keep.txt")));
    }

    [Fact]
    public void Import_NotAGgufFile_FailsNamingTheFile()
    {
        using var temp = new TempDirectory();
        var bogus = temp.File("bogus.gguf");
        File.WriteAllText(bogus, "this is not a model");

        var import = CliRunner.Run("import", "--from", "gguf", bogus, "--out", temp.File("out"));

        Assert.Equal(SharpenCli.UserErrorExitCode, import.ExitCode);
        Assert.Contains("bogus.gguf", import.Console, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    private static void AssertGreedyGolden(string modelFolder)
    {
        var (code, stdout, console) = CliRunner.Run(
            "generate", "--model", modelFolder, "--prompt", "", "--max-new-tokens", Stories260KGolden.NewTokens.ToString(CultureInfo.InvariantCulture), "--temperature", "0");

        Assert.True(code == 0, console);
        Assert.Equal(Stories260KGolden.GreedyText + "\n", stdout);
    }
}

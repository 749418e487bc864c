using Sharpen.Modeling.Import;

namespace Sharpen.Hosting.Models;

/// <summary>What <c>sharpen import</c> did, for display.</summary>
public sealed record ModelImportSummary(string Source, string OutputDirectory, IReadOnlyList<string> Files, long ParameterCount, IReadOnlyList<string> Notes);

/// <summary>Imports foreign checkpoints (GGUF, llama2.c) into Hugging Face-layout folders that every other command reads.</summary>
public static class ModelImporter
{
    /// <summary>
    /// Imports <paramref name="source"/> of <paramref name="format"/> (<c>gguf</c> or <c>llama2c</c>). For llama2.c without an
    /// explicit tokenizer, a SentencePiece model (<c>tokenizer.model</c>, <c>tok*.model</c>) beside the checkpoint is preferred,
    /// then a llama2.c tokenizer file (<c>tokenizer.bin</c>, <c>tok*.bin</c>).
    /// </summary>
    public static ModelImportSummary Import(string format, string source, string outputDirectory, string? tokenizer, bool overwrite, bool? collapseSpaces = null)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(source);
        var options = new ImportOptions { Overwrite = overwrite, RemoveExtraWhitespaces = collapseSpaces };
        var result = format switch
        {
            "gguf" => GgufImporter.Import(source, outputDirectory, options),
            "llama2c" => Llama2cImporter.Import(source, tokenizer ?? FindLlama2cTokenizer(source), outputDirectory, options),
            _ => throw new ArgumentException($"Unknown import format '{format}'; use gguf or llama2c.", nameof(format)),
        };
        return new ModelImportSummary(Path.GetFullPath(source), result.OutputDirectory, result.Files, result.ParameterCount, result.Notes);
    }

    private static string? FindLlama2cTokenizer(string checkpoint)
    {
        var full = Path.GetFullPath(checkpoint);
        var folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
        {
            return null;
        }

        string? First(string pattern) => Directory.GetFiles(folder, pattern)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault(f => !f.Equals(full, StringComparison.Ordinal));

        return First("tokenizer.model") ?? First("tok*.model") ?? First("tokenizer.bin") ?? First("tok*.bin");
    }
}

using Sharpen.Modeling.Llama;
using Sharpen.Modeling.Checkpoints;
using TorchSharp;

namespace Sharpen.Modeling.Import;

/// <summary>
/// Builds a Hugging Face-layout model folder atomically: everything is written into a hidden temporary folder beside
/// the target, which replaces the target only once complete. An existing non-empty target is refused unless
/// <see cref="ImportOptions.Overwrite"/> is set.
/// </summary>
internal static class HfModelFolder
{
    public const string ConfigJson = "config.json";
    public const string GenerationConfigJson = "generation_config.json";
    public const string TokenizerModel = "tokenizer.model";

    /// <summary>What goes into the folder besides the weights.</summary>
    public sealed record Contents(
        LlamaConfig Config,
        IReadOnlyDictionary<string, torch.Tensor> Tensors,
        SentencePieceVocabulary? Vocabulary,
        string? TokenizerModelPath,
        List<string> Notes);

    private static readonly System.Text.Json.JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    /// <summary>Checks an imported architecture, reporting problems as a format error of the source file.</summary>
    public static void Validate(LlamaConfig config, string source)
    {
        try
        {
            config.Validate(source);
        }
        catch (ModelConfigException ex)
        {
            throw new CheckpointFormatException(source, "implies an unusable architecture: " + ex.Message);
        }
    }

    /// <summary><c>generation_config.json</c>: the BOS/EOS ids transformers' <c>generate</c> reads.</summary>
    private static System.Text.Json.Nodes.JsonObject GenerationConfig(LlamaConfig config) => new()
    {
        ["bos_token_id"] = config.BosTokenId,
        ["eos_token_id"] = config.EosTokenIds.Count > 0 ? config.EosTokenIds[0] : null,
    };

    public static ImportResult Write(string outputDirectory, Contents contents, ImportOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        var target = Path.GetFullPath(outputDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var parent = Path.GetDirectoryName(target) ?? throw new ArgumentException($"'{target}' has no parent folder.", nameof(outputDirectory));
        var targetExists = Directory.Exists(target);
        if (File.Exists(target))
        {
            throw new IOException($"Output path '{target}' is a file, not a folder.");
        }

        if (targetExists && Directory.EnumerateFileSystemEntries(target).Any() && !options.Overwrite)
        {
            throw new IOException($"Output folder '{target}' is not empty; choose another folder or ask to overwrite it.");
        }

        Directory.CreateDirectory(parent);
        var name = Path.GetFileName(target);
        var staging = Path.Combine(parent, $".{name}.import-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var files = WriteContents(staging, contents);
            Commit(staging, target, targetExists);
            long parameters = contents.Tensors.Values.Sum(t => t.NumberOfElements);
            return new ImportResult(target, files, parameters, contents.Config.TieWordEmbeddings, contents.Notes.AsReadOnly());
        }
        catch
        {
            TryDeleteDirectory(staging);
            throw;
        }
    }

    private static List<string> WriteContents(string folder, Contents contents)
    {
        var files = new List<string>();
        SafetensorsWriter.Write(Path.Combine(folder, SafetensorsShardedWriter.SingleFileName), contents.Tensors, new Dictionary<string, string> { ["format"] = "pt" });
        files.Add(SafetensorsShardedWriter.SingleFileName);
        AtomicFile.WriteAllText(Path.Combine(folder, ConfigJson), contents.Config.ToJson().ToJsonString(IndentedJson) + "\n");
        files.Add(ConfigJson);
        AtomicFile.WriteAllText(Path.Combine(folder, GenerationConfigJson), GenerationConfig(contents.Config).ToJsonString(IndentedJson) + "\n");
        files.Add(GenerationConfigJson);
        if (contents.Vocabulary is { } vocabulary)
        {
            AtomicFile.WriteAllText(Path.Combine(folder, HfTokenizerFiles.TokenizerJson), HfTokenizerFiles.BuildTokenizerJson(vocabulary, contents.Notes));
            files.Add(HfTokenizerFiles.TokenizerJson);
            AtomicFile.WriteAllText(
                Path.Combine(folder, HfTokenizerFiles.TokenizerConfigJson),
                HfTokenizerFiles.BuildTokenizerConfigJson(vocabulary, contents.Config.MaxPositionEmbeddings));
            files.Add(HfTokenizerFiles.TokenizerConfigJson);
        }

        if (contents.TokenizerModelPath is { } model)
        {
            File.Copy(model, Path.Combine(folder, TokenizerModel));
            files.Add(TokenizerModel);
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static void Commit(string staging, string target, bool targetExists)
    {
        if (!targetExists)
        {
            Directory.Move(staging, target);
            return;
        }

        // Move the old folder aside first, so the target name is never missing a complete model for longer than two renames.
        var parent = Path.GetDirectoryName(target)!;
        var old = Path.Combine(parent, $".{Path.GetFileName(target)}.old-{Guid.NewGuid():N}");
        Directory.Move(target, old);
        try
        {
            Directory.Move(staging, target);
        }
        catch
        {
            Directory.Move(old, target);
            throw;
        }

        TryDeleteDirectory(old);
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Leftovers are hidden (dot-prefixed); the original outcome matters more.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}

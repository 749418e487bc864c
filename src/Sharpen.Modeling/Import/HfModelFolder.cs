using Sharpen.Core.IO;
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
        List<string> files = [];
        var target = AtomicDirectory.Write(outputDirectory, options.Overwrite, staging => files = WriteContents(staging, contents));
        long parameters = contents.Tensors.Values.Sum(t => t.NumberOfElements);
        return new ImportResult(target, files, parameters, contents.Config.TieWordEmbeddings, contents.Notes.AsReadOnly());
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
}

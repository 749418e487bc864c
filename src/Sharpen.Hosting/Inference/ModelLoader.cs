using System.Text.Json.Nodes;
using Sharpen.Modeling.Llama;
using Sharpen.Tokenization;
using Sharpen.Tokenization.Chat;
using Sharpen.Training.Runs;
using static TorchSharp.torch;

namespace Sharpen.Hosting.Inference;

/// <summary>Loads a Hugging Face-layout model folder — weights, tokenizer and stop ids — ready for generation.</summary>
public static class ModelLoader
{
    /// <summary>
    /// Loads <paramref name="directory"/> with weights in <paramref name="dtype"/>: a Hugging Face model folder, or a run
    /// folder (<c>runs/&lt;id&gt;</c>) or one of its checkpoints (<c>runs/&lt;id&gt;/checkpoints/step-N</c>), whose base
    /// model gets the run's (or checkpoint's) trained weights and whose tokenizer is the base's.
    /// </summary>
    public static LoadedModel Load(string directory, ScalarType dtype = ScalarType.Float32)
    {
        ArgumentNullException.ThrowIfNull(directory);
        directory = Path.GetFullPath(directory);
        var isRun = TrainedModel.RunDirectoryOf(directory) is not null;
        var tokenizerDirectory = directory;
        LlamaForCausalLM model;
        if (isRun)
        {
            var (trained, config, _) = TrainedModel.Load(directory, dtype);
            model = trained;
            tokenizerDirectory = Path.GetFullPath(config.Model.Path);
        }
        else
        {
            model = LlamaForCausalLM.FromPretrained(directory, dtype);
        }

        try
        {
            var tokenizer = TokenizerLoader.Load(tokenizerDirectory);
            var stops = new SortedSet<int>(tokenizer.StopTokenIds);
            stops.UnionWith(model.Config.EosTokenIds);
            stops.UnionWith(GenerationConfigEos(tokenizerDirectory));
            return new LoadedModel(directory, model, tokenizer, stops, PromptFormats.ForModel(tokenizerDirectory, tokenizer));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Maps the CLI/API spelling of a precision to a tensor dtype.</summary>
    public static ScalarType ParseDType(string name) => name.ToLowerInvariant() switch
    {
        "float32" or "fp32" or "f32" => ScalarType.Float32,
        "bfloat16" or "bf16" => ScalarType.BFloat16,
        _ => throw new ArgumentException($"Unknown dtype '{name}'; use float32 or bfloat16."),
    };

    /// <summary>EOS ids from <c>generation_config.json</c> (a number or a list), which instruct models often extend.</summary>
    private static IEnumerable<int> GenerationConfigEos(string directory)
    {
        var path = Path.Combine(directory, "generation_config.json");
        if (!File.Exists(path))
        {
            return [];
        }

        var eos = JsonNode.Parse(File.ReadAllText(path))?["eos_token_id"];
        return eos switch
        {
            JsonArray list => [.. list.Select(n => n!.GetValue<int>())],
            JsonValue value when value.TryGetValue<int>(out var id) => [id],
            _ => [],
        };
    }
}

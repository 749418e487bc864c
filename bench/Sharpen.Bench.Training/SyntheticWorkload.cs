using System.Text.Json;
using Sharpen.Core.Training;
using Sharpen.Modeling.Checkpoints;
using Sharpen.Modeling.Llama;
using static TorchSharp.torch;

namespace Sharpen.Bench.Training;

/// <summary>
/// What the benchmark trains on without downloading anything: a randomly initialised model of a given shape written as
/// a Hugging Face folder (config.json + model.safetensors, through the same writer exports use), and tokenised JSONL of
/// random token ids, so the recipe runs exactly as it does for a user's model and data.
/// </summary>
internal static class SyntheticWorkload
{
    /// <summary>The SmolLM2-135M shape the issue names (shared with the modeling benchmark).</summary>
    public static LlamaConfig SmolLm2Shape => BenchModels.SmolLm2Shape;

    /// <summary>Writes a float32 model of <paramref name="config"/> with TorchSharp's default initialisation (seeded) and transformers' embedding init.</summary>
    public static void WriteModel(string directory, LlamaConfig config, long seed)
    {
        Directory.CreateDirectory(directory);
        manual_seed(seed);
        using var model = new LlamaForCausalLM(config, ScalarType.Float32);
        using (no_grad())
        {
            // transformers initialises embeddings N(0, initializer_range = 0.02); TorchSharp's N(0, 1) tied to the output
            // head gives logits in the hundreds and a loss near 400, which is no model anyone trains.
            model.named_parameters().Single(p => p.name == "model.embed_tokens.weight").parameter.normal_(0, 0.02);
        }

        var weights = model.named_parameters().Select(p => new KeyValuePair<string, Tensor>(p.name, p.parameter)).ToList();
        SafetensorsWriter.Write(Path.Combine(directory, "model.safetensors"), weights);
        var json = config.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        var configPath = Path.Combine(directory, "config.json");
        File.WriteAllText(configPath + ".tmp", json);
        File.Move(configPath + ".tmp", configPath, overwrite: true);
    }

    /// <summary>
    /// Writes <paramref name="count"/> examples of random ids in [1, vocab) with lengths drawn from
    /// [<paramref name="minLength"/>, <paramref name="maxLength"/>]; every token after the first is a target.
    /// </summary>
    public static void WriteData(string path, int count, int minLength, int maxLength, int vocabSize, int seed)
    {
        var random = new Random(seed);
        var examples = Enumerable.Range(0, count).Select(_ =>
        {
            var length = random.Next(minLength, maxLength + 1);
            var ids = Enumerable.Range(0, length).Select(_ => random.Next(1, vocabSize)).ToArray();
            var mask = Enumerable.Range(0, length).Select(i => i > 0).ToArray();
            return new TokenizedExample(ids, mask);
        });
        TokenizedExampleJsonl.Write(path, examples);
    }
}

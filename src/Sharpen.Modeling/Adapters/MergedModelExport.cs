using Sharpen.Core.IO;
using Sharpen.Modeling.Checkpoints;
using Sharpen.Modeling.Llama;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Adapters;

/// <summary>
/// Exports a LoRA/QLoRA model as a plain Hugging Face folder: the adapters are merged into the base weights
/// (W + scaling · B·A), the keys are the base model's own (no <c>lora_*</c>), and the base folder's config and tokenizer
/// files are copied beside <c>model.safetensors</c>, so <see cref="LlamaForCausalLM.FromPretrained"/>, transformers or a
/// GGUF converter can load it without knowing about adapters.
/// </summary>
public static class MergedModelExport
{
    private static readonly string[] s_weightSuffixes =
        [".safetensors", ".safetensors.index.json", ".bin", ".bin.index.json", ".pt", ".pth", ".gguf"];

    /// <summary>
    /// Writes the merged model to <paramref name="outputFolder"/> atomically and returns its full path.
    /// </summary>
    /// <param name="model">the adapted model (plain layers are exported as they are)</param>
    /// <param name="baseModelFolder">the folder the model was loaded from; its non-weight files are copied</param>
    /// <param name="outputFolder">target folder; must be absent or empty unless <paramref name="overwrite"/></param>
    /// <param name="dtype">dtype of the written weights (default: the model's dtype)</param>
    /// <param name="overwrite">replace a non-empty target</param>
    public static string Save(LlamaForCausalLM model, string baseModelFolder, string outputFolder, ScalarType? dtype = null, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(baseModelFolder);
        if (!File.Exists(Path.Combine(baseModelFolder, "config.json")))
        {
            throw new FileNotFoundException($"'{baseModelFolder}' is not a model folder: it has no config.json to copy.", Path.Combine(baseModelFolder, "config.json"));
        }

        var target = dtype ?? model.DType;
        return AtomicDirectory.Write(outputFolder, overwrite, staging =>
        {
            foreach (var file in Directory.GetFiles(baseModelFolder))
            {
                var name = Path.GetFileName(file);
                if (!s_weightSuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase)))
                {
                    File.Copy(file, Path.Combine(staging, name));
                }
            }

            using var scope = NewDisposeScope();
            var tensors = MergedTensors(model, target);
            SafetensorsWriter.Write(
                Path.Combine(staging, SafetensorsShardedWriter.SingleFileName),
                tensors,
                new Dictionary<string, string> { ["format"] = "pt" });
        });
    }

    /// <summary>
    /// The merged state under Hugging Face key names, in <paramref name="dtype"/>. Tensors are created in the caller's
    /// dispose scope.
    /// </summary>
    public static Dictionary<string, Tensor> MergedTensors(LlamaForCausalLM model, ScalarType dtype)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var noGrad = no_grad();
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (!LoraLayers.IsAdapterParameter(name))
            {
                tensors[name] = parameter.detach().to(dtype);
            }
        }

        foreach (var (path, layer) in LoraLayers.Find(model))
        {
            tensors[$"{path}.weight"] = layer.MergedWeight(dtype);
        }

        return tensors;
    }
}

using Sharpen.Core.IO;
using Sharpen.Modeling.Checkpoints;
using Sharpen.Modeling.Llama;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Adapters;

/// <summary>
/// Saves and loads LoRA adapters in peft's format (huggingface/peft <c>docs/source/developer_guides/checkpoint.md</c>):
/// <c>adapter_config.json</c> plus <c>adapter_model.safetensors</c> whose keys are the model's parameter names under
/// <c>base_model.model.</c> without an adapter name, e.g. <c>base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight</c>.
/// Such a folder loads in peft (<c>PeftModel.from_pretrained</c>) and in servers that take peft adapters, and peft's own
/// plain-LoRA adapters load here.
/// </summary>
public static class PeftAdapter
{
    public const string ConfigFileName = "adapter_config.json";
    public const string WeightsFileName = "adapter_model.safetensors";

    /// <summary>peft's prefix for a <c>PeftModelForCausalLM</c> around a <c>LoraModel</c>.</summary>
    public const string KeyPrefix = "base_model.model.";

    /// <summary>
    /// Writes the adapters of <paramref name="model"/> and their <paramref name="options"/> to
    /// <paramref name="outputFolder"/> atomically; returns the folder's full path.
    /// </summary>
    /// <param name="baseModelNameOrPath">recorded as <c>base_model_name_or_path</c> (a hub id or the base folder)</param>
    public static string Save(LlamaForCausalLM model, LoraOptions options, string outputFolder, string baseModelNameOrPath, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(baseModelNameOrPath);
        options.Validate();
        var layers = LoraLayers.Find(model);
        if (layers.Count == 0)
        {
            throw new InvalidOperationException("The model has no LoRA layers to save.");
        }

        CheckAgreement(layers, options, "the options passed to Save");
        return AtomicDirectory.Write(outputFolder, overwrite, staging =>
        {
            using var scope = NewDisposeScope();
            var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (path, layer) in layers)
            {
                tensors[$"{KeyPrefix}{path}.lora_A.weight"] = layer.LoraA.detach();
                tensors[$"{KeyPrefix}{path}.lora_B.weight"] = layer.LoraB.detach();
            }

            SafetensorsWriter.Write(Path.Combine(staging, WeightsFileName), tensors, new Dictionary<string, string> { ["format"] = "pt" });
            AtomicFile.WriteAllText(Path.Combine(staging, ConfigFileName), PeftAdapterConfig.ToJson(options, baseModelNameOrPath));
        });
    }

    /// <summary>Reads the LoRA options recorded in <paramref name="adapterFolder"/>'s adapter_config.json.</summary>
    public static LoraOptions ReadOptions(string adapterFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(adapterFolder);
        return PeftAdapterConfig.Read(Path.Combine(adapterFolder, ConfigFileName));
    }

    /// <summary>
    /// Loads the base model folder with LoRA layers shaped by the adapter's config, then the adapter's weights: the
    /// model to evaluate or serve a fine-tune from a base folder and an adapter folder.
    /// </summary>
    public static LlamaForCausalLM LoadWithBase(string baseModelFolder, string adapterFolder, ScalarType dtype = ScalarType.Float32)
    {
        var options = ReadOptions(adapterFolder);
        var model = LlamaForCausalLM.FromPretrained(baseModelFolder, dtype, LoraLinearFactory.Create(options, seed: 0), LoraLayers.IsAdapterParameter);
        try
        {
            Apply(model, adapterFolder);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Copies the adapter weights in <paramref name="adapterFolder"/> into the LoRA layers of <paramref name="model"/>.
    /// Strict: every LoRA parameter must be in the file with its shape, the file must hold nothing else, and the config's
    /// rank and scaling must match the layers'.
    /// </summary>
    public static void Apply(LlamaForCausalLM model, string adapterFolder)
    {
        ArgumentNullException.ThrowIfNull(model);
        var options = ReadOptions(adapterFolder);
        var layers = LoraLayers.Find(model);
        var weightsPath = Path.Combine(adapterFolder, WeightsFileName);
        if (!File.Exists(weightsPath))
        {
            throw new FileNotFoundException($"Adapter folder '{adapterFolder}' has no {WeightsFileName}.", weightsPath);
        }

        CheckAgreement(layers, options, Path.Combine(adapterFolder, ConfigFileName));
        var expected = new Dictionary<string, Parameter>(StringComparer.Ordinal);
        foreach (var (path, layer) in layers)
        {
            expected[$"{KeyPrefix}{path}.lora_A.weight"] = layer.LoraA;
            expected[$"{KeyPrefix}{path}.lora_B.weight"] = layer.LoraB;
        }

        using var checkpoint = SafetensorsCheckpoint.Load(weightsPath);
        if (KeyMismatch.Describe(expected.Keys, checkpoint.Names) is { } mismatch)
        {
            throw new CheckpointFormatException(weightsPath, $"the adapter does not match the model's LoRA layers; {mismatch}.");
        }

        var mismatched = expected
            .Where(p => !p.Value.shape.SequenceEqual(checkpoint.GetInfo(p.Key).Shape))
            .Select(p => $"{p.Key} is [{string.Join(", ", checkpoint.GetInfo(p.Key).Shape)}] but the model has [{string.Join(", ", p.Value.shape)}]")
            .ToList();
        if (mismatched.Count > 0)
        {
            throw new CheckpointFormatException(weightsPath, $"shape mismatch: {string.Join("; ", mismatched)}.");
        }

        using var noGrad = no_grad();
        foreach (var (name, parameter) in expected)
        {
            using var value = checkpoint.ReadTensor(name);
            parameter.copy_(value);
        }
    }

    private static void CheckAgreement(IReadOnlyList<(string Path, LoraLinear Layer)> layers, LoraOptions options, string source)
    {
        foreach (var (path, layer) in layers)
        {
            if (layer.Rank != options.Rank || Math.Abs(layer.Scaling - options.Scaling) > 1e-12 * Math.Max(1, options.Scaling))
            {
                throw new InvalidOperationException(
                    $"{source}: rank {options.Rank} and scaling {options.Scaling} disagree with the model's layer {path} (rank {layer.Rank}, scaling {layer.Scaling}).");
            }
        }
    }
}

using Sharpen.Modeling.Llama;
using Sharpen.Training.Config;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sharpen.Training.Methods;

/// <summary>
/// What distinguishes full, LoRA and QLoRA fine-tuning — and nothing else: which projections the model is built with,
/// in which dtype its weights live, and which parameters train. The recipe, optimizer, checkpoints and monitoring are
/// shared. A checkpoint holds only the trainable parameters, so for adapters it is the adapter weights on top of
/// <c>model.path</c>.
/// </summary>
internal interface IFineTuningMethod
{
    /// <summary>The factory for decoder projections (null = plain linear layers).</summary>
    LinearFactory? Linear { get; }

    /// <summary>Parameters the base checkpoint does not have (the adapters), or null when it must have them all.</summary>
    Func<string, bool>? AllowMissing { get; }

    /// <summary>
    /// The dtype the model's weights are built in. Full fine-tuning keeps fp32 masters (a bf16 replica computes); adapter
    /// methods store the frozen base directly in the compute dtype while the adapters stay fp32.
    /// </summary>
    ScalarType WeightDType(ComputeDType compute);

    /// <summary>Whether bf16 compute needs a separate replica of the model (only when every weight trains).</summary>
    bool UsesComputeReplica(ComputeDType compute);

    /// <summary>
    /// Whether training recomputes each decoder layer in backward instead of keeping its activations (gradient
    /// checkpointing): QLoRA's memory-first trade, as peft's <c>prepare_model_for_kbit_training</c> makes it by default.
    /// </summary>
    bool CheckpointsActivations { get; }

    /// <summary>Runs once after the base weights are loaded (QLoRA quantises the frozen base here).</summary>
    void AfterLoad(LlamaForCausalLM model);

    /// <summary>
    /// Marks trainable parameters (<c>requires_grad</c>), freezes the rest, and returns the trainable ones with their
    /// Hugging Face names in a stable order (the optimizer's and the checkpoint's order).
    /// </summary>
    IReadOnlyList<(string Name, Parameter Parameter)> SelectTrainable(LlamaForCausalLM model);
}

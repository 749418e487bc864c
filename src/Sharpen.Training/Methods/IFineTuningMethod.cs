using Sharpen.Modeling.Llama;
using TorchSharp.Modules;

namespace Sharpen.Training.Methods;

/// <summary>
/// What distinguishes full, LoRA and QLoRA fine-tuning — and nothing else: which projections the model is built with
/// and which parameters train. The recipe, optimizer, checkpoints and monitoring are shared. A checkpoint holds only
/// the trainable parameters, so for adapters it is the adapter weights on top of <c>model.path</c>.
/// </summary>
internal interface IFineTuningMethod
{
    /// <summary>The factory for decoder projections (null = plain linear layers).</summary>
    LinearFactory? Linear { get; }

    /// <summary>
    /// Marks trainable parameters (<c>requires_grad</c>), freezes the rest, and returns the trainable ones with their
    /// Hugging Face names in a stable order (the optimizer's and the checkpoint's order).
    /// </summary>
    IReadOnlyList<(string Name, Parameter Parameter)> SelectTrainable(LlamaForCausalLM model);
}

using Sharpen.Modeling.Llama;
using Sharpen.Training.Config;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sharpen.Training.Methods;

/// <summary>Every weight trains; projections are plain linear layers; weights stay fp32 masters.</summary>
internal sealed class FullFineTuning : IFineTuningMethod
{
    public LinearFactory? Linear => null;

    public Func<string, bool>? AllowMissing => null;

    public ScalarType WeightDType(ComputeDType compute) => ScalarType.Float32;

    public bool UsesComputeReplica(ComputeDType compute) => compute == ComputeDType.BFloat16;

    public bool CheckpointsActivations => false;

    public void AfterLoad(LlamaForCausalLM model)
    {
    }

    public IReadOnlyList<(string Name, Parameter Parameter)> SelectTrainable(LlamaForCausalLM model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var trainable = new List<(string, Parameter)>();
        foreach (var (name, parameter) in model.named_parameters())
        {
            parameter.requires_grad = true;
            trainable.Add((name, parameter));
        }

        return trainable;
    }
}

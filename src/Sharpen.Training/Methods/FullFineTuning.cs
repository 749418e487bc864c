using Sharpen.Modeling.Llama;
using TorchSharp.Modules;

namespace Sharpen.Training.Methods;

/// <summary>Every weight trains; projections are plain linear layers.</summary>
internal sealed class FullFineTuning : IFineTuningMethod
{
    public LinearFactory? Linear => null;

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

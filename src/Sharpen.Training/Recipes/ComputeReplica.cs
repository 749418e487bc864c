using Sharpen.Modeling.Llama;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sharpen.Training.Recipes;

/// <summary>
/// Mixed precision with fp32 master weights: a bfloat16 copy of the model runs forward and backward, its gradients are
/// accumulated into the fp32 trainable parameters, the optimizer updates those (its state stays fp32), and the new
/// values are copied back into the copy before the next step. Frozen weights are copied once.
/// </summary>
internal sealed class ComputeReplica : IDisposable
{
    private readonly List<(Parameter Master, Parameter Compute)> _trainable = [];

    public ComputeReplica(LlamaForCausalLM master, IReadOnlyList<(string Name, Parameter Parameter)> trainable, LinearFactory? linear, ScalarType dtype)
    {
        ArgumentNullException.ThrowIfNull(master);
        Model = new LlamaForCausalLM(master.Config, dtype, linear);
        var compute = Model.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        var trainableNames = trainable.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        using (no_grad())
        {
            foreach (var (name, parameter) in master.named_parameters())
            {
                var copy = compute[name];
                copy.copy_(parameter);
                copy.requires_grad = trainableNames.Contains(name);
                if (copy.requires_grad)
                {
                    _trainable.Add((parameter, copy));
                }
            }
        }

        Model.train();
    }

    /// <summary>The bf16 model that computes.</summary>
    public LlamaForCausalLM Model { get; }

    /// <summary>
    /// Makes each master's gradient the replica's (as fp32) and releases the replica's, so the next backward's gradient
    /// accumulation takes its fresh gradients as they are instead of adding them to zeroed ones. A master whose replica
    /// got no gradient this step gets zeros, as if it had been zeroed before the step. Together these replace zeroing both
    /// gradient sets and an add: about 1 GB less memory traffic per step at the 135M-parameter shape.
    /// </summary>
    public void MoveGradientsToMasters()
    {
        foreach (var (master, compute) in _trainable)
        {
            using var scope = NewDisposeScope();
            var grad = compute.grad;
            if (master.grad is { } existing)
            {
                using (no_grad())
                {
                    if (grad is null)
                    {
                        existing.zero_();
                    }
                    else
                    {
                        existing.copy_(grad);
                    }
                }
            }
            else if (grad is not null)
            {
                master.grad = grad.to(ScalarType.Float32);
            }

            compute.grad = null;
        }
    }

    /// <summary>Copies the updated masters into the replica.</summary>
    public void RefreshFromMasters()
    {
        using (no_grad())
        {
            foreach (var (master, compute) in _trainable)
            {
                compute.copy_(master);
            }
        }
    }

    public void Dispose() => Model.Dispose();
}

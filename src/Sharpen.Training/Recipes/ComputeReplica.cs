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

    /// <summary>Adds the replica's gradients (as fp32) to the masters' and clears the replica's.</summary>
    public void MoveGradientsToMasters()
    {
        foreach (var (master, compute) in _trainable)
        {
            using var scope = NewDisposeScope();
            var grad = compute.grad;
            if (grad is null)
            {
                continue;
            }

            if (master.grad is { } existing)
            {
                // The usual case (every step after the first): one in-place fp32 += bf16, no temporaries. The
                // autograd route below costs a full-size cast, product and backward pass per parameter.
                using (no_grad())
                {
                    existing.add_(grad);
                }
            }
            else
            {
                // d/dm Σ(m ⊙ g) = g exactly: creates master.grad through autograd (TorchSharp has no grad setter).
                var g = grad.to(ScalarType.Float32);
                master.mul(g).sum().backward();
            }

            grad.zero_();
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

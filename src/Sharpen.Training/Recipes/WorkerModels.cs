using Sharpen.Modeling.Llama;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sharpen.Training.Recipes;

/// <summary>
/// One model per data-parallel worker: worker 0 runs the model that computes anyway (the bf16 replica, or the model
/// itself); each further worker runs a sibling whose every parameter and buffer is the same memory as worker 0's (set to
/// its storage, not copied) but a leaf tensor of its own, so autograd gives each worker a gradient of its own while an
/// update of worker 0's weights is every worker's update. After backward the gradients are summed in worker order
/// (<see cref="ParallelUpdate"/>).
/// </summary>
internal sealed class WorkerModels : IDisposable
{
    private readonly List<LlamaForCausalLM> _siblings = [];

    /// <param name="compute">the model worker 0 runs</param>
    /// <param name="trainableNames">the trainable parameters' names, in the masters' order</param>
    /// <param name="count">number of workers (≥ 1)</param>
    /// <param name="build">makes an empty model of the same structure as <paramref name="compute"/>: the same parameter
    /// and buffer names, shapes and dtypes</param>
    public WorkerModels(LlamaForCausalLM compute, IReadOnlyList<string> trainableNames, int count, Func<LlamaForCausalLM> build)
    {
        ArgumentNullException.ThrowIfNull(compute);
        ArgumentNullException.ThrowIfNull(trainableNames);
        ArgumentNullException.ThrowIfNull(build);
        var sources = compute.named_parameters().ToList();
        var buffers = compute.named_buffers().ToList();
        Trainable = [InOrder(sources.ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal), trainableNames)];
        Models = [compute];
        for (var w = 1; w < count; w++)
        {
            var sibling = build();
            _siblings.Add(sibling);
            var parameters = sibling.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
            var siblingBuffers = sibling.named_buffers().ToDictionary(b => b.name, b => b.buffer, StringComparer.Ordinal);
            if (parameters.Count != sources.Count || siblingBuffers.Count != buffers.Count)
            {
                throw new InvalidOperationException($"A worker's model has {parameters.Count} parameters and {siblingBuffers.Count} buffers; the model it copies has {sources.Count} and {buffers.Count}.");
            }

            using (no_grad())
            {
                foreach (var (name, source) in sources)
                {
                    var shared = Matching(parameters, name, source);
                    shared.requires_grad = false;
                    shared.set_(source);
                    shared.requires_grad = source.requires_grad;
                }

                foreach (var (name, source) in buffers)
                {
                    Matching(siblingBuffers, name, source).set_(source);
                }
            }

            sibling.GradientCheckpointing = compute.GradientCheckpointing;
            sibling.train(compute.training);
            Models.Add(sibling);
            Trainable.Add(InOrder(parameters, trainableNames));
        }
    }

    /// <summary>Worker w's model (0 is the compute model).</summary>
    public List<LlamaForCausalLM> Models { get; }

    /// <summary>Worker w's trainable parameters, in the masters' order (the names given).</summary>
    public List<List<Parameter>> Trainable { get; }

    public void Dispose()
    {
        foreach (var sibling in _siblings)
        {
            sibling.Dispose();
        }
    }

    private static List<Parameter> InOrder(Dictionary<string, Parameter> byName, IReadOnlyList<string> names) =>
        [.. names.Select(n => byName.TryGetValue(n, out var p) && p.requires_grad
            ? p
            : throw new InvalidOperationException($"'{n}' is not a trainable parameter of a worker's model."))];

    private static T Matching<T>(Dictionary<string, T> byName, string name, Tensor source)
        where T : Tensor
    {
        if (!byName.TryGetValue(name, out var target))
        {
            throw new InvalidOperationException($"A worker's model has no '{name}'.");
        }

        if (!target.shape.SequenceEqual(source.shape) || target.dtype != source.dtype)
        {
            throw new InvalidOperationException($"A worker's '{name}' is {target.dtype} [{string.Join(", ", target.shape)}]; the model it copies has {source.dtype} [{string.Join(", ", source.shape)}].");
        }

        return target;
    }
}

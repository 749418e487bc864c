using Sharpen.Training.Optimization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sharpen.Training.Recipes;

/// <summary>
/// The end of a data-parallel step, on the workers, a slice of <see cref="SlicedAdamW.SliceElements"/> at a time:
/// first the workers' gradients are summed into the float32 masters' (in worker order) and each slice's norm taken while
/// it is in cache; then each slice is clipped, updated by AdamW and, with a bf16 replica, copied into it. Every
/// operation is the one the single-threaded path runs (the gradient sum, clipping's multiply,
/// <see cref="SlicedAdamW"/>, the replica's copy) on a part of a tensor instead of all of it; what changes is that each
/// tensor is streamed through memory twice instead of five times, by every core, with no barrier per operation.
/// </summary>
internal static class ParallelUpdate
{
    /// <returns>the gradients' global L2 norm before clipping</returns>
    public static double Run(
        StepWorkers workers,
        WorkerModels models,
        IReadOnlyList<Parameter> masters,
        bool computeIsMaster,
        SlicedAdamW optimizer,
        double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(workers);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(masters);
        ArgumentNullException.ThrowIfNull(optimizer);
        using var scope = NewDisposeScope();
        var count = workers.Count;
        var firstSource = computeIsMaster ? 1 : 0;
        var sums = new Tensor[masters.Count];
        var sources = new Tensor?[masters.Count, count];
        var slices = new List<(int Index, long Start, long Length)>();
        using (no_grad())
        {
            for (var i = 0; i < masters.Count; i++)
            {
                var master = masters[i];
                if (master.grad is null)
                {
                    // The sum starts from the master's own gradient only when worker 0 trains the masters.
                    master.grad = computeIsMaster ? zeros_like(master) : empty_like(master);
                }

                sums[i] = master.grad!.view(-1);
                for (var w = firstSource; w < count; w++)
                {
                    sources[i, w] = models.Trainable[w][i].grad?.contiguous().view(-1);
                }

                slices.AddRange(Slices(i, master.numel()));
            }
        }

        var squares = new double[slices.Count];
        workers.Run(w =>
        {
            using var noGrad = no_grad();
            for (var k = w; k < slices.Count; k += count)
            {
                using var sliceScope = NewDisposeScope();
                var (i, start, length) = slices[k];
                var sum = sums[i].narrow(0, start, length);
                var started = computeIsMaster;
                for (var source = firstSource; source < count; source++)
                {
                    if (sources[i, source] is { } grad)
                    {
                        var part = grad.narrow(0, start, length);
                        if (started)
                        {
                            sum.add_(part);
                        }
                        else
                        {
                            sum.copy_(part);
                            started = true;
                        }
                    }
                }

                if (!started)
                {
                    sum.zero_();
                }

                double norm = linalg.vector_norm(sum).item<float>();
                squares[k] = norm * norm;
            }
        });

        for (var i = 0; i < masters.Count; i++)
        {
            for (var w = firstSource; w < count; w++)
            {
                models.Trainable[w][i].grad = null;
            }
        }

        var total = Math.Sqrt(squares.Sum());
        var scale = maxNorm > 0 && total > maxNorm ? maxNorm / (total + 1e-6) : 1.0;

        // The replica (worker 0's model when it is not the masters) takes the updated values slice by slice.
        var position = new Dictionary<Parameter, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < masters.Count; i++)
        {
            position[masters[i]] = i;
        }

        var replica = computeIsMaster ? null : models.Trainable[0].Select(p => p.view(-1)).ToArray();
        var updates = optimizer.BeginStep();
        try
        {
            var work = updates.SelectMany(u => Slices(0, u.Count).Select(s => (Update: u, s.Start, s.Length))).ToList();
            workers.Run(w =>
            {
                using var noGrad = no_grad();
                for (var k = w; k < work.Count; k += count)
                {
                    var (update, start, length) = work[k];
                    update.Apply(start, length, scale);
                    if (replica is not null)
                    {
                        using var sliceScope = NewDisposeScope();
                        replica[position[update.Parameter]].narrow(0, start, length).copy_(update.Values.narrow(0, start, length));
                    }
                }
            });
        }
        finally
        {
            foreach (var update in updates)
            {
                update.Dispose();
            }
        }

        return total;
    }

    private static IEnumerable<(int Index, long Start, long Length)> Slices(int index, long count)
    {
        for (long start = 0; start < count; start += SlicedAdamW.SliceElements)
        {
            yield return (index, start, Math.Min(SlicedAdamW.SliceElements, count - start));
        }
    }
}

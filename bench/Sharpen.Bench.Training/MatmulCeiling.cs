using System.Diagnostics;
using Sharpen.Modeling.Llama;
using static TorchSharp.torch;

namespace Sharpen.Bench.Training;

/// <summary>
/// The fastest a training step could possibly be on this machine with exact arithmetic: the time of the step's matrix
/// products alone — the very shapes the model runs, each timed in isolation on warm caches in the compute dtype — with
/// every other cost (norms, activations, softmax, casts, the optimizer, autograd, allocation) taken as zero. Tokens per
/// step ÷ that time bounds the tokens/s any implementation of this model and method can reach here, so a target above it
/// is out of reach on this CPU whatever the code does, and the ratio measured ÷ ceiling says how much of the step
/// is spent outside the products.
/// </summary>
/// <remarks>
/// Products per decoder layer: q, k, v, o, gate, up, down (x·Wᵀ) and attention as <see cref="LlamaAttention"/> computes
/// it for bf16 — per batch row and key/value head, the stacked queries of its group times the keys, and the probabilities
/// times the values. Backward: every projection's ∂x = ∂y·W, and for full fine-tuning its ∂W = ∂yᵀ·x; attention's four
/// products (∂P, ∂V, ∂Q, ∂K) each cost one forward product. Output head over the target rows: logits, ∂h and (full
/// fine-tuning) ∂W, timed as one product each (the recipe slices the logits, which is no faster). LoRA's rank-r adapter
/// products are left out: they only make the bound higher.
/// </remarks>
internal static class MatmulCeiling
{
    /// <summary>Seconds of matrix products per optimizer step of <paramref name="batch"/> × <paramref name="sequence"/> tokens.</summary>
    public static double StepSeconds(LlamaConfig config, int batch, int sequence, ScalarType dtype, bool weightGradients)
    {
        ArgumentNullException.ThrowIfNull(config);
        var tokens = (long)batch * sequence;
        long hidden = config.HiddenSize;
        long attention = (long)config.NumAttentionHeads * config.HeadDim;
        long keyValue = (long)config.NumKeyValueHeads * config.HeadDim;
        long intermediate = config.IntermediateSize;
        var projections = new (long Out, long In)[]
        {
            (attention, hidden), (keyValue, hidden), (keyValue, hidden), (hidden, attention),
            (intermediate, hidden), (intermediate, hidden), (hidden, intermediate),
        };

        var layer = 0.0;
        foreach (var (output, input) in projections)
        {
            var (forward, gradInput, gradWeight) = Projection(tokens, input, output, dtype);
            layer += forward + gradInput + (weightGradients ? gradWeight : 0);
        }

        layer += 3 * AttentionProducts(config, batch, sequence, dtype); // forward: 2 products; backward: 4 of the same cost
        var targets = (long)batch * (sequence - 1);
        var (logits, gradHidden, gradHead) = Projection(targets, hidden, config.VocabSize, dtype);
        return (layer * config.NumHiddenLayers) + logits + gradHidden + (weightGradients ? gradHead : 0);
    }

    /// <returns>seconds for y = x·Wᵀ, ∂x = ∂y·W and ∂W = ∂yᵀ·x with x [rows, input] and W [output, input]</returns>
    private static (double Forward, double GradInput, double GradWeight) Projection(long rows, long input, long output, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var generator = new Generator(1);
        var x = randn([rows, input], generator: generator).to(dtype);
        var w = randn([output, input], generator: generator).to(dtype);
        var dy = randn([rows, output], generator: generator).to(dtype);
        return (
            Best(() => nn.functional.linear(x, w)),
            Best(() => dy.matmul(w)),
            Best(() => dy.t().matmul(x)));
    }

    /// <returns>seconds for attention's two forward products over the whole batch (scores and probabilities · values)</returns>
    private static double AttentionProducts(LlamaConfig config, int batch, int sequence, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var generator = new Generator(2);
        var group = config.NumAttentionHeads / config.NumKeyValueHeads;
        var queries = randn([batch, config.NumKeyValueHeads, group * sequence, config.HeadDim], generator: generator).to(dtype);
        var keys = randn([batch, config.NumKeyValueHeads, config.HeadDim, sequence], generator: generator).to(dtype);
        var probabilities = randn([batch, config.NumKeyValueHeads, group * sequence, sequence], generator: generator).to(dtype);
        var values = randn([batch, config.NumKeyValueHeads, sequence, config.HeadDim], generator: generator).to(dtype);
        return Best(() => queries.matmul(keys)) + Best(() => probabilities.matmul(values));
    }

    /// <summary>Best per-call time of 3 rounds of 5 calls, after 2 warm-up calls (oneDNN picks and JITs its kernel on the first).</summary>
    private static double Best(Func<Tensor> product)
    {
        for (var i = 0; i < 2; i++)
        {
            product().Dispose();
        }

        var best = double.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 5; i++)
            {
                product().Dispose();
            }

            best = Math.Min(best, clock.Elapsed.TotalSeconds / 5);
        }

        return best;
    }
}

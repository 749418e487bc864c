using static TorchSharp.torch;

namespace Sharpen.Training.Loss;

/// <summary>
/// Next-token cross-entropy: logits at position t are scored against the token at t + 1, only where that token's loss
/// mask is true. Returns sums, not means, so gradient accumulation can divide by the target count of the whole
/// optimizer step (the mean over all its target tokens, however they were split into micro-batches).
/// </summary>
public static class CausalLmLoss
{
    /// <param name="logits">[B, T, V] in any float dtype (the loss is computed in float32)</param>
    /// <param name="inputIds">[B, T] int64</param>
    /// <param name="lossMask">[B, T] bool; position 0 is ignored</param>
    /// <returns>the summed loss over targets (a scalar that carries the graph) and the number of correct arg-max
    /// predictions (a scalar without a graph)</returns>
    public static (Tensor LossSum, Tensor Correct) Compute(Tensor logits, Tensor inputIds, Tensor lossMask)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(inputIds);
        ArgumentNullException.ThrowIfNull(lossMask);
        using var scope = NewDisposeScope();
        var length = logits.shape[1];
        var predicted = logits.narrow(1, 0, length - 1).to(ScalarType.Float32); // [B, T-1, V]
        var targets = inputIds.narrow(1, 1, length - 1); // [B, T-1]
        var mask = lossMask.narrow(1, 1, length - 1);
        var logProbs = predicted.log_softmax(-1);
        var targetLogProbs = logProbs.gather(-1, targets.unsqueeze(-1)).squeeze(-1); // [B, T-1]
        var lossSum = -targetLogProbs.masked_select(mask).sum();
        Tensor correct;
        using (no_grad())
        {
            correct = predicted.argmax(-1).eq(targets).logical_and(mask).sum();
        }

        return (lossSum.MoveToOuterDisposeScope(), correct.MoveToOuterDisposeScope());
    }
}

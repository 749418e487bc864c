using static TorchSharp.torch;

namespace Sharpen.Training.Loss;

/// <summary>
/// Next-token cross-entropy: the hidden state at position t, projected onto the vocabulary, is scored against the token
/// at t + 1, only where that token's loss mask is true. Returns sums, not means, so gradient accumulation can divide by
/// the target count of the whole optimizer step (the mean over all its target tokens, however they were split into
/// micro-batches).
/// </summary>
/// <remarks>
/// The projection and the loss are fused (<see cref="ProjectedCrossEntropy"/>): only target positions are projected, a
/// slice of rows at a time, in float32 after the compute-dtype product, and the gradients with respect to the hidden
/// states and the output weight are formed in the same pass from the softmax it already has. Nothing of size
/// [B, T, vocab] is kept for backward, and the float32 copy, log-softmax, its backward and the bf16 arg-max over the full
/// logits — together more time than the output projection's own forward on this CPU — are gone.
/// </remarks>
public static class CausalLmLoss
{
    /// <param name="hidden">[B, T, H] final hidden states in any float dtype</param>
    /// <param name="outputWeight">[V, H] output projection, in the hidden states' dtype</param>
    /// <param name="inputIds">[B, T] int64</param>
    /// <param name="lossMask">[B, T] bool; position 0 is ignored</param>
    /// <returns>the summed loss over targets (a float32 scalar that carries the graph) and the number of correct arg-max
    /// predictions (a scalar without a graph)</returns>
    public static (Tensor LossSum, Tensor Correct) Compute(Tensor hidden, Tensor outputWeight, Tensor inputIds, Tensor lossMask)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentNullException.ThrowIfNull(outputWeight);
        ArgumentNullException.ThrowIfNull(inputIds);
        ArgumentNullException.ThrowIfNull(lossMask);
        using var scope = NewDisposeScope();
        var length = hidden.shape[1];
        var width = hidden.shape[2];
        var rows = lossMask.narrow(1, 1, length - 1).reshape(-1).nonzero().squeeze(-1); // flat indices of targets
        var predictors = hidden.narrow(1, 0, length - 1).reshape(-1, width).index_select(0, rows); // [N, H]
        var targets = inputIds.narrow(1, 1, length - 1).reshape(-1).index_select(0, rows); // [N]
        var (lossSum, correct) = ProjectedCrossEntropy.Apply(predictors, outputWeight, targets);
        return (lossSum.MoveToOuterDisposeScope(), correct.MoveToOuterDisposeScope());
    }
}

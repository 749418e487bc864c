using Sharpen.Modeling.Runtime;
using static TorchSharp.torch;

namespace Sharpen.Training.Loss;

/// <summary>
/// Σᵢ cross_entropy(hᵢ·Wᵀ, targetᵢ) as one autograd function. Forward walks the rows in slices of
/// <see cref="DefaultRowsPerSlice"/>: logits in the compute dtype, then float32 for the max (which also gives the arg-max
/// for accuracy), log-sum-exp and target logit; when a gradient is wanted it turns the same buffer into
/// softmax − one-hot and stores it in the compute dtype. Two matrix products after the loop give ∂/∂h = G·W and
/// ∂/∂W = Gᵀ·h, which backward only scales by the incoming gradient. Memory: one float32 slice of logits at a time, G
/// [N, V] until the end of forward, then ∂/∂h and ∂/∂W until backward.
/// <para>
/// N, the number of targets, differs from batch to batch, and every distinct N is a new shape for the products above;
/// libtorch keeps JIT-compiled kernels per shape (oneDNN's and ideep's caches, up to 1,024 each), which made a
/// variable-length bf16 soak's RSS climb for hundreds of steps. So the rows are padded with zeros to a multiple of
/// <see cref="RowQuantum"/>: the padded rows are projected but never scored, and their rows of softmax − one-hot are
/// zero, so they add nothing to the loss or either gradient.
/// </para>
/// </summary>
internal static class ProjectedCrossEntropy
{
    /// <summary>Rows projected at once: 128 × 49,152 float32 logits is 25 MB.</summary>
    public const int DefaultRowsPerSlice = 128;

    /// <summary>The rows are padded to a multiple of this, so the products see a few shapes (see the class remarks).</summary>
    public const int RowQuantum = 16;

    /// <param name="hidden">[N, H], one row per target</param>
    /// <param name="weight">[V, H]</param>
    /// <param name="targets">[N] int64 token ids</param>
    /// <param name="rowsPerSlice">rows projected at once</param>
    /// <returns>the float32 loss sum and the int64 count of rows whose arg-max logit is the target</returns>
    public static (Tensor LossSum, Tensor Correct) Apply(Tensor hidden, Tensor weight, Tensor targets, int rowsPerSlice = DefaultRowsPerSlice)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerSlice, 1);
        if (hidden.dtype != weight.dtype)
        {
            throw new ArgumentException($"The hidden states are {hidden.dtype} but the output weight is {weight.dtype}.", nameof(weight));
        }

        var wanted = is_grad_enabled() ? new Wanted(hidden.requires_grad, weight.requires_grad) : new Wanted(false, false);
        var counter = new Counter();
        var loss = Function.apply(hidden, weight, targets, rowsPerSlice, wanted, counter);
        return (loss, counter.Correct!);
    }

    private sealed record Wanted(bool Hidden, bool Weight)
    {
        public bool Any => Hidden || Weight;
    }

    private sealed class Counter
    {
        public Tensor? Correct { get; set; }
    }

    private sealed class Function : autograd.SingleTensorFunction<Function>
    {
        public override string Name => nameof(ProjectedCrossEntropy);

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var hidden = (Tensor)vars[0];
            var weight = (Tensor)vars[1];
            var targets = (Tensor)vars[2];
            var rowsPerSlice = (int)vars[3];
            var wanted = (Wanted)vars[4];
            var counter = (Counter)vars[5];
            var count = hidden.shape[0];
            var vocabulary = weight.shape[0];

            using var scope = NewDisposeScope();
            var padded = (count + RowQuantum - 1) / RowQuantum * RowQuantum;
            var rows = padded == count ? hidden : nn.functional.pad(hidden, [0, 0, 0, padded - count]);
            var lossSum = zeros([], dtype: ScalarType.Float32);
            var correct = zeros([], dtype: ScalarType.Int64);
            var gradLogits = wanted.Any ? empty([padded, vocabulary], dtype: hidden.dtype) : null;
            gradLogits?.narrow(0, count, padded - count).zero_();
            double fusedLoss = 0;
            long fusedCorrect = 0;
            for (long start = 0; start < count; start += rowsPerSlice)
            {
                using var slice = NewDisposeScope();
                var n = Math.Min(rowsPerSlice, count - start); // rows scored
                var projected = Math.Min(rowsPerSlice, padded - start); // rows projected: the scored ones and padding
                var logits = nn.functional.linear(rows.narrow(0, start, projected), weight).narrow(0, 0, n);
                if (BFloat16CrossEntropyRows.IsSupported(logits))
                {
                    // bf16: the same float32 arithmetic in one cache-resident pass per row.
                    var (sliceLoss, sliceCorrect) = BFloat16CrossEntropyRows.Score(logits, targets.narrow(0, start, n), gradLogits?.narrow(0, start, n));
                    fusedLoss += sliceLoss;
                    fusedCorrect += sliceCorrect;
                    continue;
                }

                var target = targets.narrow(0, start, n).unsqueeze(-1);
                var buffer = logits.dtype == ScalarType.Float32 ? logits : logits.to(ScalarType.Float32);
                var (max, argmax) = buffer.max(-1, keepdim: true);
                correct.add_(argmax.eq(target).sum());
                var targetLogit = buffer.gather(-1, target);
                var sumExp = buffer.sub_(max).exp_().sum(-1, keepdim: true);
                // log Σ exp(z − max) + max − z_target, with the target logit read before the buffer was overwritten.
                lossSum.add_((sumExp.log() + max - targetLogit).sum());
                if (gradLogits is not null)
                {
                    buffer.div_(sumExp).scatter_add_(-1, target, full_like(target, -1, dtype: ScalarType.Float32));
                    gradLogits.narrow(0, start, n).copy_(buffer);
                }
            }

            lossSum.add_(fusedLoss);
            correct.add_(fusedCorrect);
            counter.Correct = correct.MoveToOuterDisposeScope();
            if (gradLogits is not null)
            {
                var gradHidden = wanted.Hidden ? gradLogits.matmul(weight).narrow(0, 0, count) : null;
                var gradWeight = wanted.Weight ? gradLogits.t().matmul(rows) : null;
                ctx.save_for_backward([gradHidden!, gradWeight!]);
                gradHidden?.MoveToOuterDisposeScope();
                gradWeight?.MoveToOuterDisposeScope();
            }

            return lossSum.MoveToOuterDisposeScope();
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var saved = ctx.get_saved_variables();
            var scale = grad_output.to(ScalarType.Float64).item<double>();
            using var scope = NewDisposeScope();
            var gradHidden = Scaled(saved[0], scale);
            var gradWeight = Scaled(saved[1], scale);
            foreach (var tensor in saved)
            {
                tensor?.Dispose();
            }

            // One entry per forward argument: targets (a tensor) and the non-tensor settings get none.
            return [gradHidden!, gradWeight!, null!, null!, null!, null!];
        }

        private static Tensor? Scaled(Tensor? gradient, double scale) =>
            gradient is null ? null : gradient.mul(scale).MoveToOuterDisposeScope();
    }
}

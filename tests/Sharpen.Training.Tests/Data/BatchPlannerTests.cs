using Sharpen.Core.Training;
using Sharpen.Modeling.Llama;
using Sharpen.Training.Config;
using Sharpen.Training.Data;
using Sharpen.Training.Loss;
using static TorchSharp.torch;

namespace Sharpen.Training.Tests.Data;

public sealed class BatchPlannerTests
{
    /// <summary>
    /// Lengths 5–70 against max_seq_length 60 (not a multiple of 16): every planned length is a multiple of the quantum
    /// or exactly max_seq_length, never shorter than its longest row and never more than one quantum longer; the batches
    /// hold the same examples as the unrounded plan (quantum 1), and what was added is padding: id 0, no loss, segment −1.
    /// </summary>
    [Theory]
    [InlineData(BatchingStrategy.LengthGrouped)]
    [InlineData(BatchingStrategy.Packed)]
    public void PlanEpoch_PadsLengthsToTheQuantum_CappedAtMaxSeqLength(BatchingStrategy strategy)
    {
        var random = new Random(5);
        var examples = Enumerable.Range(0, 40).Select(_ =>
        {
            var length = random.Next(5, 71);
            return new TokenizedExample([.. Enumerable.Range(0, length).Select(_ => random.Next(1, 500))], [.. Enumerable.Range(0, length).Select(i => i > 0)]);
        }).ToList();
        const int maxSeqLength = 60;
        var rounded = new BatchPlanner(examples, strategy, batchSize: 3, maxSeqLength).PlanEpoch(seed: 3, epoch: 1);
        var exact = new BatchPlanner(examples, strategy, batchSize: 3, maxSeqLength, lengthQuantum: 1).PlanEpoch(seed: 3, epoch: 1);

        Assert.Equal(exact.Count, rounded.Count);
        Assert.Contains(exact, b => b.Length % BatchPlanner.DefaultLengthQuantum != 0); // otherwise nothing was rounded
        for (var i = 0; i < rounded.Count; i++)
        {
            var (r, e) = (rounded[i], exact[i]);
            Assert.True(r.Length % BatchPlanner.DefaultLengthQuantum == 0 || r.Length == maxSeqLength, $"batch {i}: length {r.Length}");
            Assert.InRange(r.Length, e.Length, Math.Min(maxSeqLength, e.Length + BatchPlanner.DefaultLengthQuantum - 1));
            Assert.Equal(e.RowLengths, r.RowLengths);
            Assert.Equal(e.Tokens, r.Tokens);
            Assert.Equal(e.TargetTokens, r.TargetTokens);
            for (var row = 0; row < r.Rows; row++)
            {
                for (var t = 0; t < r.Length; t++)
                {
                    var at = (row * r.Length) + t;
                    if (t < e.Length)
                    {
                        Assert.Equal(e.InputIds[(row * e.Length) + t], r.InputIds[at]);
                        Assert.Equal(e.LossMask[(row * e.Length) + t], r.LossMask[at]);
                        Assert.Equal(e.Segments?[(row * e.Length) + t], r.Segments?[at]);
                    }
                    else
                    {
                        Assert.Equal(0, r.InputIds[at]);
                        Assert.False(r.LossMask[at]);
                        Assert.Equal(strategy == BatchingStrategy.Packed ? -1 : (int?)null, r.Segments?[at]);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Padding to the quantum changes nothing the optimizer sees: on stories260K (float32), every batch's summed loss and
    /// every parameter's gradient equal those of the same batch at its exact length (quantum 1), within float32
    /// rounding. The reference is the unpadded batch through the same model: the padding is the only difference.
    /// Measured 2026-11-24: the largest gradient difference was 4.3e-6 of the tensor's largest gradient (different
    /// product shapes sum in a different order); 2e-5 allows for that, while a padded position that counted as a
    /// target or leaked into attention moves the loss by whole units.
    /// </summary>
    [Theory]
    [InlineData(BatchingStrategy.LengthGrouped)]
    [InlineData(BatchingStrategy.Packed)]
    public void PaddedBatches_GiveTheLossAndGradientsOfExactLengthBatches(BatchingStrategy strategy)
    {
        using var scope = NewDisposeScope();
        using var model = LlamaForCausalLM.FromPretrained(TinyTraining.ModelDirectory);
        var parameters = model.parameters().ToList();
        var examples = TinyTraining.Tokenize(TinyTraining.Stories);
        var rounded = new BatchPlanner(examples, strategy, batchSize: 2, maxSeqLength: 90).PlanEpoch(seed: 1, epoch: 0);
        var exact = new BatchPlanner(examples, strategy, batchSize: 2, maxSeqLength: 90, lengthQuantum: 1).PlanEpoch(seed: 1, epoch: 0);
        Assert.Equal(exact.Count, rounded.Count);
        Assert.All(rounded, b => Assert.True(b.Length % BatchPlanner.DefaultLengthQuantum == 0 || b.Length == 90, $"length {b.Length}"));
        Assert.Contains(Enumerable.Range(0, exact.Count), i => rounded[i].Length > exact[i].Length); // some batch was padded

        for (var i = 0; i < exact.Count; i++)
        {
            var (exactLoss, exactGradients) = LossAndGradients(model, parameters, exact[i]);
            var (roundedLoss, roundedGradients) = LossAndGradients(model, parameters, rounded[i]);

            Assert.True(exactLoss > 1, $"batch {i}: loss {exactLoss}"); // a real loss over real targets, not an empty sum
            Assert.Equal(exactLoss, roundedLoss, exactLoss * 1e-5);
            for (var p = 0; p < parameters.Count; p++)
            {
                var (expected, actual) = (exactGradients[p], roundedGradients[p]);
                var scale = expected.abs().max().item<float>();
                var difference = (actual - expected).abs().max().item<float>();
                Assert.True(scale > 0, $"batch {i}, parameter {p}: the reference gradient is zero");
                Assert.True(difference <= 2e-5 * scale, $"batch {i}, parameter {p}: max difference {difference}, {difference / scale:E1} of the largest gradient {scale}");
            }
        }
    }

    /// <summary>The summed loss of <paramref name="batch"/> and a copy of every parameter's gradient, as the trainer forms them.</summary>
    private static (double Loss, List<Tensor> Gradients) LossAndGradients(LlamaForCausalLM model, List<TorchSharp.Modules.Parameter> parameters, Batch batch)
    {
        foreach (var parameter in parameters)
        {
            parameter.grad = null;
        }

        var ids = batch.Ids();
        var (sum, _) = CausalLmLoss.Compute(model.Hidden(ids, null, batch.AttentionMask()), model.OutputWeight, ids, batch.Mask());
        sum.backward();
        return (sum.item<float>(), [.. parameters.Select(p => p.grad!.detach().clone())]);
    }
}

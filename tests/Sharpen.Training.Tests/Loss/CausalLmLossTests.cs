using Sharpen.Core.Training;
using Sharpen.Modeling.Llama;
using Sharpen.Training.Config;
using Sharpen.Training.Data;
using Sharpen.Training.Loss;
using static TorchSharp.torch;

namespace Sharpen.Training.Tests.Loss;

public sealed class CausalLmLossTests
{
    /// <summary>
    /// One sequence of three tokens over a vocabulary of three. Logits at position 0 predict token 1 and at position 1
    /// predict token 2; the mask keeps only token 2. Hand computation: logits [0, ln 2, 0] → p(target 1) = 2/4, but token
    /// 1 is masked; logits [ln 3, 0, 0] at position 1 → p(target 0) = 3/5, so the loss is −ln(3/5) and it is correct.
    /// </summary>
    [Fact]
    public void Compute_HandCase_ShiftsAndMasksTargets()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[] { 0, MathF.Log(2), 0, MathF.Log(3), 0, 0, 5, 5, 5 }, [1, 3, 3]);
        var ids = tensor(new long[] { 2, 1, 0 }, [1, 3]);
        var mask = tensor(new[] { true, false, true }, [1, 3]);

        var (loss, correct) = CausalLmLoss.Compute(logits, eye(3), ids, mask); // identity projection: hidden = logits

        Assert.Equal(-Math.Log(3.0 / 5.0), loss.item<float>(), 5);
        Assert.Equal(1, correct.item<long>());
    }

    /// <summary>The same sums as torch's cross_entropy over shifted targets with ignore_index = −100, built independently.</summary>
    [Fact]
    public void Compute_RandomBatch_EqualsTorchCrossEntropyWithIgnoreIndex()
    {
        using var scope = NewDisposeScope();
        var generator = manual_seed(11);
        var logits = randn(2, 5, 7);
        var ids = randint(0, 7, [2, 5], dtype: ScalarType.Int64);
        var maskValues = new[] { true, true, false, true, true, false, true, true, false, false };
        var mask = tensor(maskValues, [2, 5]);

        var (loss, _) = CausalLmLoss.Compute(logits, eye(7), ids, mask);

        var targets = ids.clone();
        var idValues = ids.data<long>().ToArray();
        var ignored = new long[10];
        for (var i = 0; i < 10; i++)
        {
            ignored[i] = maskValues[i] ? idValues[i] : -100;
        }

        var shiftedTargets = tensor(ignored, [2, 5]).narrow(1, 1, 4).reshape(-1);
        var reference = nn.functional.cross_entropy(logits.narrow(1, 0, 4).reshape(-1, 7), shiftedTargets, ignore_index: -100, reduction: nn.Reduction.Sum);
        Assert.Equal(reference.item<float>(), loss.item<float>(), 4);
    }

    /// <summary>
    /// Packing must not attend across examples: the summed loss of a packed row (block-diagonal causal mask) equals the
    /// sum of the examples' losses run one at a time. RoPE depends only on relative positions, so the offset of the
    /// second example inside the row does not change its scores (up to float rounding).
    /// </summary>
    [Fact]
    public void Compute_PackedRow_EqualsSumOfSeparateExampleLosses()
    {
        using var scope = NewDisposeScope();
        using var model = LlamaForCausalLM.FromPretrained(TinyTraining.ModelDirectory);
        using var noGrad = no_grad();
        var examples = TinyTraining.Tokenize(TinyTraining.Stories.Take(3));
        var planner = new BatchPlanner(examples, BatchingStrategy.Packed, batchSize: 1, maxSeqLength: 200);
        var packed = Assert.Single(planner.PlanEpoch(seed: 1, epoch: 0));
        Assert.Equal(examples.Sum(e => e.InputIds.Length), packed.RowLengths[0]);

        var packedIds = packed.Ids();
        var (packedLoss, _) = CausalLmLoss.Compute(model.Hidden(packedIds, null, packed.AttentionMask()), model.OutputWeight, packedIds, packed.Mask());

        double separate = 0;
        foreach (var example in examples)
        {
            var ids = tensor(example.InputIds.Select(i => (long)i).ToArray(), [1, example.InputIds.Length]);
            var (loss, _) = CausalLmLoss.Compute(model.Hidden(ids), model.OutputWeight, ids, tensor(example.LossMask, [1, example.LossMask.Length]));
            separate += loss.item<float>();
        }

        Assert.Equal(separate, packedLoss.item<float>(), 2);
        Assert.Equal(examples.Sum(e => e.TargetCount), packed.TargetTokens);

        // Without the block-diagonal mask the same row gives a different loss: the mask is what isolates examples.
        var (leaky, _) = CausalLmLoss.Compute(model.Hidden(packedIds), model.OutputWeight, packedIds, packed.Mask());
        Assert.True(Math.Abs(leaky.item<float>() - separate) > 0.1);
    }

    /// <summary>
    /// The fused projection + loss against autograd's own: cross_entropy(linear(h, W)) over the same target rows, with
    /// torch computing the gradients. Slices of 3 rows over 10 targets exercise a partial last slice; bf16 is compared
    /// against the same reference run in bf16 up to the float32 loss, as the trainer's bf16 path used to compute it.
    /// </summary>
    /// <remarks>bf16 logits take the fused row kernel (BFloat16CrossEntropyRows): vocabulary 11 runs only its scalar
    /// tail, 75 its 32-wide blocks and a tail.</remarks>
    [Theory]
    [InlineData(ScalarType.Float32, 11, 1e-5, 1e-5)]
    [InlineData(ScalarType.BFloat16, 11, 2e-2, 1e-2)]
    [InlineData(ScalarType.BFloat16, 75, 2e-2, 1e-2)]
    public void Compute_LossAndGradients_EqualAutogradOfLinearThenCrossEntropy(ScalarType dtype, int vocabulary, double gradTolerance, double lossTolerance)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(23);
        var hiddenValues = randn([2, 6, 8], generator: generator).to(dtype);
        var weightValues = randn([vocabulary, 8], generator: generator).to(dtype);
        var ids = randint(0, vocabulary, [2, 6], generator: generator);
        var mask = tensor(new[] { false, true, true, false, true, true, true, true, true, true, true, false }, [2, 6]);

        var hidden = hiddenValues.detach().requires_grad_(true);
        var weight = weightValues.detach().requires_grad_(true);
        var (loss, correct) = ProjectedCrossEntropy.Apply(
            hidden.narrow(1, 0, 5).reshape(-1, 8).index_select(0, mask.narrow(1, 1, 5).reshape(-1).nonzero().squeeze(-1)),
            weight,
            ids.narrow(1, 1, 5).reshape(-1).index_select(0, mask.narrow(1, 1, 5).reshape(-1).nonzero().squeeze(-1)),
            rowsPerSlice: 3);
        (loss * 0.25).backward();

        // Reference: full logits, torch's cross_entropy with ignore_index on the shifted targets.
        var refHidden = hiddenValues.detach().requires_grad_(true);
        var refWeight = weightValues.detach().requires_grad_(true);
        var logits = nn.functional.linear(refHidden, refWeight).narrow(1, 0, 5).to(ScalarType.Float32).reshape(-1, vocabulary);
        var shifted = ids.narrow(1, 1, 5).masked_fill(mask.narrow(1, 1, 5).logical_not(), -100).reshape(-1);
        var reference = nn.functional.cross_entropy(logits, shifted, ignore_index: -100, reduction: nn.Reduction.Sum);
        (reference * 0.25).backward();
        long expectedCorrect;
        using (no_grad())
        {
            expectedCorrect = logits.argmax(-1).eq(shifted).sum().item<long>();
        }

        Assert.Equal(ScalarType.Float32, loss.dtype);
        Assert.Equal(reference.item<float>(), loss.item<float>(), lossTolerance);
        Assert.Equal(expectedCorrect, correct.item<long>());
        AssertClose(refHidden.grad!, hidden.grad!, gradTolerance, "hidden");
        AssertClose(refWeight.grad!, weight.grad!, gradTolerance, "weight");
    }

    [Fact]
    public void Compute_WithoutGradients_ReturnsTheSameLossAndBuildsNoGraph()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(4);
        var hidden = randn([1, 5, 4], generator: generator, requires_grad: true);
        var weight = randn([9, 4], generator: generator, requires_grad: true);
        var ids = randint(0, 9, [1, 5], generator: generator);
        var mask = ones([1, 5], dtype: ScalarType.Bool);

        var (withGraph, _) = CausalLmLoss.Compute(hidden, weight, ids, mask);
        Tensor without;
        using (no_grad())
        {
            (without, _) = CausalLmLoss.Compute(hidden, weight, ids, mask);
        }

        Assert.True(withGraph.requires_grad);
        Assert.False(without.requires_grad);
        Assert.Equal(withGraph.item<float>(), without.item<float>());
    }

    private static void AssertClose(Tensor expected, Tensor actual, double tolerance, string name)
    {
        Assert.Equal(expected.dtype, actual.dtype);
        var e = expected.to(ScalarType.Float32);
        var a = actual.to(ScalarType.Float32);
        Assert.True(e.abs().sum().item<float>() > 0, $"{name}: the reference gradient is zero");
        Assert.True(a.allclose(e, rtol: tolerance, atol: tolerance), $"{name}: max difference {(a - e).abs().max().item<float>()}");
    }
}

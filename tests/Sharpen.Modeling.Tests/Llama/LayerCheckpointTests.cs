using Sharpen.Modeling.Adapters;
using Sharpen.Modeling.Llama;
using Sharpen.Modeling.Tests.Adapters;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Tests.Llama;

/// <summary>
/// Gradient checkpointing against the reference it replaces — the same model trained without it (autograd keeping every
/// layer's activations). Loss and every gradient must match bit for bit: recomputation runs the same operations on the
/// same input, and dropout (here on all-linear LoRA adapters, in training mode) must draw the same masks again, so
/// the random generator has to be put back for the recomputation and restored after it. A packed-row mask exercises the
/// explicit-mask path.
/// </summary>
[Collection(SerialTorchCollection.Name)]
public sealed class LayerCheckpointTests
{
    [Theory]
    [InlineData(ScalarType.Float32, false, false)]
    [InlineData(ScalarType.BFloat16, false, false)]
    [InlineData(ScalarType.Float32, true, false)]
    [InlineData(ScalarType.BFloat16, false, true)]
    public void Backward_WithCheckpointing_EqualsPlainBackward(ScalarType dtype, bool packedMask, bool adaptersOnly)
    {
        var plain = Gradients(dtype, packedMask, adaptersOnly, checkpoint: false);
        var checkpointed = Gradients(dtype, packedMask, adaptersOnly, checkpoint: true);

        Assert.Equal(plain.Loss, checkpointed.Loss);
        Assert.Equal(plain.Gradients.Keys.Order(), checkpointed.Gradients.Keys.Order());
        Assert.Contains(plain.Gradients.Keys, k => k.Contains("lora_B", StringComparison.Ordinal));
        foreach (var (name, expected) in plain.Gradients)
        {
            TensorAssert.BitEqual(expected, checkpointed.Gradients[name], name);
            expected.Dispose();
            checkpointed.Gradients[name].Dispose();
        }

        // The draws after the step continue from the same generator state (the recomputation's draws are not extra).
        Assert.Equal(plain.NextDraw, checkpointed.NextDraw);
    }

    [Fact]
    public void Forward_WithoutGradients_IgnoresCheckpointing()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        using var ids = tensor(new long[] { 1, 5, 9, 33, 2 }).unsqueeze(0);
        using var noGrad = no_grad();
        using var expected = model.forward(ids);
        model.GradientCheckpointing = true;

        using var actual = model.forward(ids);

        TensorAssert.BitEqual(expected, actual, "logits");
    }

    /// <param name="adaptersOnly">freeze everything but the adapters (LoRA training): then no input of the first
    /// layer requires grad, which checkpointing has to cope with</param>
    private static (float Loss, Dictionary<string, Tensor> Gradients, float NextDraw) Gradients(ScalarType dtype, bool packedMask, bool adaptersOnly, bool checkpoint)
    {
        var config = TinyModels.Config();
        using var model = new LlamaForCausalLM(config, dtype, LoraLinearFactory.Create(new LoraOptions { TargetModules = ["all-linear"], Dropout = 0.2 }, seed: 3));
        using (var source = TinyModels.Create(config))
        {
            model.LoadWeights(source.state_dict(), "tiny", LoraLayers.IsAdapterParameter);
        }

        using (no_grad())
        {
            var generator = new Generator(9);
            foreach (var (name, p) in model.named_parameters().Where(p => p.name.Contains("lora_B", StringComparison.Ordinal)))
            {
                p.copy_(randn(p.shape, generator: generator) * 0.1);
            }
        }

        if (adaptersOnly)
        {
            LoraLayers.FreezeAllButAdapters(model);
        }

        model.train();
        model.GradientCheckpointing = checkpoint;
        using var scope = NewDisposeScope();
        var ids = tensor(new long[] { 1, 5, 9, 33, 2, 7, 7, 40, 3, 11, 12, 13 }, [2, 6]);
        Tensor? mask = null;
        if (packedMask)
        {
            // Two examples of three tokens packed in each row: causal within an example, nothing across.
            var segment = tensor(new long[] { 0, 0, 0, 1, 1, 1 });
            mask = ones(6, 6, dtype: ScalarType.Bool).tril().logical_and(segment.unsqueeze(0).eq(segment.unsqueeze(1))).expand(2, 1, 6, 6);
        }

        manual_seed(21);
        var loss = model.forward(ids, mask: mask).to(ScalarType.Float32).pow(2).mean();
        loss.backward();
        var gradients = model.named_parameters()
            .Where(p => p.parameter.grad is not null)
            .ToDictionary(p => p.name, p => p.parameter.grad!.detach().clone().DetachFromDisposeScope());
        return (loss.item<float>(), gradients, rand(1).item<float>());
    }
}

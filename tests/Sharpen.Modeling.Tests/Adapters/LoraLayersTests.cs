using Sharpen.Modeling.Adapters;
using Sharpen.Modeling.Llama;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Tests.Adapters;

[Collection(SerialTorchCollection.Name)]
public sealed class LoraLayersTests
{
    // stories260K by hand from shared/models/stories260K-hf/config.json: hidden 64, intermediate 172, 5 layers,
    // 8 heads × head_dim 8 (q/o 64 wide), 4 kv heads (k/v 32 wide), vocab 512, tied embeddings.
    // Base: embed 512·64 = 32768; per layer q 4096 + k 2048 + v 2048 + o 4096 + gate/up/down 3 · 11008 + 2 norms · 64
    // = 45440, × 5 = 227200; final norm 64. Total 260032.
    private const long StoriesBaseParameters = 260_032;

    [Fact]
    public void FromPretrained_FreshAdapters_LogitsEqualTheBaseModelExactly()
    {
        using var plain = Stories.Base();
        using var lora = Stories.WithLora(new LoraOptions { TargetModules = ["all-linear"], Dropout = 0.1 });

        using var expected = Stories.Logits(plain);
        using var actual = Stories.Logits(lora);

        Assert.True(expected.eq(actual).all().item<bool>());
    }

    [Fact]
    public void FromPretrained_AdapterKeysNotAllowedMissing_FailsStrictly()
    {
        var error = Assert.Throws<ModelLoadException>(() =>
            LlamaForCausalLM.FromPretrained(Stories.Folder, linear: LoraLinearFactory.Create(new LoraOptions(), 1)));

        Assert.Contains("missing keys: model.layers.0.self_attn.q_proj.lora_A.weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FreezeAllButAdapters_QvRank8_CountsMatchHandComputation()
    {
        using var model = Stories.WithLora(new LoraOptions { Rank = 8, TargetModules = ["q_proj", "v_proj"] });

        var count = LoraLayers.FreezeAllButAdapters(model);

        // r · (in + out) per adapted projection: q 8 · (64 + 64) = 1024, v 8 · (64 + 32) = 768; × 5 layers = 8960.
        Assert.Equal(8960, count.Trainable);
        Assert.Equal(StoriesBaseParameters + 8960, count.Total);
        Assert.All(model.named_parameters(), p => Assert.Equal(LoraLayers.IsAdapterParameter(p.name), p.parameter.requires_grad));
    }

    [Fact]
    public void FreezeAllButAdapters_AllLinearRank4_CountsMatchHandComputation()
    {
        using var model = Stories.WithLora(new LoraOptions { Rank = 4, Alpha = 8, TargetModules = ["all-linear"] });

        var count = LoraLayers.FreezeAllButAdapters(model);

        // in + out: q 128, k 96, v 96, o 128, gate 236, up 236, down 236 = 1156; × r 4 × 5 layers = 23120.
        Assert.Equal(23120, count.Trainable);
        Assert.Equal(StoriesBaseParameters + 23120, count.Total);
        Assert.Equal(35, LoraLayers.Find(model).Count);
    }

    [Fact]
    public void FreezeAllButAdapters_PlainModel_Throws()
    {
        using var model = Stories.Base();

        Assert.Throws<InvalidOperationException>(() => LoraLayers.FreezeAllButAdapters(model));
    }

    [Fact]
    public void Backward_FullModel_GradientsOnlyInAdapters()
    {
        using var model = Stories.WithLora(new LoraOptions { TargetModules = ["all-linear"] });
        LoraLayers.FreezeAllButAdapters(model);
        Stories.Perturb(model);
        model.train();
        using var ids = Stories.Ids();

        using var loss = model.forward(ids).pow(2).mean();
        loss.backward();

        foreach (var (name, parameter) in model.named_parameters())
        {
            if (LoraLayers.IsAdapterParameter(name))
            {
                Assert.True(parameter.grad is not null && parameter.grad.abs().sum().item<float>() > 0, $"{name} has no gradient");
            }
            else
            {
                Assert.True(parameter.grad is null, $"{name} is frozen but has a gradient");
            }
        }
    }

    [Fact]
    public void AdamW_FewStepsOnATinyBatch_ReduceTheLoss()
    {
        using var model = Stories.WithLora(new LoraOptions { Rank = 4, Alpha = 8, Dropout = 0, TargetModules = ["all-linear"] }, seed: 2);
        LoraLayers.FreezeAllButAdapters(model);
        model.train();
        var trainable = model.parameters().Where(p => p.requires_grad).ToList();
        using var optimizer = optim.AdamW(trainable, lr: 1e-2);
        using var ids = Stories.Ids();
        using var inputs = ids.narrow(1, 0, ids.shape[1] - 1);
        using var targets = ids.narrow(1, 1, ids.shape[1] - 1);

        var losses = new List<float>();
        for (var step = 0; step < 8; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var logits = model.forward(inputs);
            var loss = nn.functional.cross_entropy(logits.view(-1, logits.shape[2]), targets.reshape(-1));
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        Assert.True(losses[^1] < losses[0] * 0.8, $"losses: {string.Join(", ", losses)}");
    }

    [Fact]
    public void QuantizeBases_Stories_ShrinksBaseWeightsAndDropsThemFromParameters()
    {
        using var model = Stories.WithLora(new LoraOptions { TargetModules = ["all-linear"] });

        var (before, after) = LoraLayers.QuantizeBases(model);

        // float32 4 bytes per weight → NF4 0.5 byte + one 4-byte absmax per 64 weights = 0.5625: ratio 7.11.
        Assert.Equal(4.0 / 0.5625, (double)before / after, 2);
        Assert.DoesNotContain(model.named_parameters(), p => p.name.EndsWith("_proj.weight", StringComparison.Ordinal));
        Assert.Equal(StoriesBaseParameters + (8 * 1156 * 5), LoraLayers.Count(model).Total);
    }
}

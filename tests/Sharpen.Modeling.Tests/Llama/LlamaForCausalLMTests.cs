using Sharpen.Modeling.Llama;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Tests.Llama;

public sealed class LlamaForCausalLMTests
{
    [Fact]
    public void StateDict_TiedLlama_HasHuggingFaceKeysWithoutLmHead()
    {
        using var model = new LlamaForCausalLM(TinyModels.Config());

        var keys = model.state_dict().Keys.ToHashSet();

        // Key names as in transformers' LlamaForCausalLM checkpoints.
        Assert.Contains("model.embed_tokens.weight", keys);
        Assert.Contains("model.layers.1.self_attn.q_proj.weight", keys);
        Assert.Contains("model.layers.1.self_attn.k_proj.weight", keys);
        Assert.Contains("model.layers.1.self_attn.v_proj.weight", keys);
        Assert.Contains("model.layers.1.self_attn.o_proj.weight", keys);
        Assert.Contains("model.layers.0.mlp.gate_proj.weight", keys);
        Assert.Contains("model.layers.0.mlp.up_proj.weight", keys);
        Assert.Contains("model.layers.0.mlp.down_proj.weight", keys);
        Assert.Contains("model.layers.0.input_layernorm.weight", keys);
        Assert.Contains("model.layers.0.post_attention_layernorm.weight", keys);
        Assert.Contains("model.norm.weight", keys);
        Assert.DoesNotContain("lm_head.weight", keys);
        Assert.Equal(2 + (2 * 9), keys.Count); // embeddings + final norm + 9 per layer
    }

    [Fact]
    public void StateDict_Qwen2Untied_HasQkvBiasAndLmHead()
    {
        using var model = new LlamaForCausalLM(TinyModels.Config("qwen2", tied: false));

        var keys = model.state_dict().Keys.ToHashSet();

        Assert.Contains("lm_head.weight", keys);
        Assert.Contains("model.layers.0.self_attn.q_proj.bias", keys);
        Assert.Contains("model.layers.0.self_attn.k_proj.bias", keys);
        Assert.Contains("model.layers.0.self_attn.v_proj.bias", keys);
        Assert.DoesNotContain("model.layers.0.self_attn.o_proj.bias", keys);
    }

    [Fact]
    public void LoadWeights_MissingAndUnexpectedKeys_AreNamed()
    {
        using var source = TinyModels.Create(TinyModels.Config());
        using var target = new LlamaForCausalLM(TinyModels.Config());
        var weights = source.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
        weights.Remove("model.layers.1.mlp.up_proj.weight");
        weights["model.layers.9.extra.weight"] = zeros(2);

        var error = Assert.Throws<ModelLoadException>(() => target.LoadWeights(weights, "ckpt"));

        Assert.Contains("missing keys: model.layers.1.mlp.up_proj.weight", error.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected keys: model.layers.9.extra.weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadWeights_ShapeMismatch_IsNamed()
    {
        using var target = new LlamaForCausalLM(TinyModels.Config());
        var weights = target.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
        weights["model.norm.weight"] = ones(31);

        var error = Assert.Throws<ModelLoadException>(() => target.LoadWeights(weights, "ckpt"));

        Assert.Contains("model.norm.weight is [31] but the config implies [32]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadWeights_CopiesValues_SoOutputsMatchTheSource()
    {
        using var source = TinyModels.Create(TinyModels.Config());
        using var target = new LlamaForCausalLM(TinyModels.Config());
        target.eval();
        target.LoadWeights(source.state_dict(), "source");
        using var ids = tensor(new long[] { 1, 5, 9, 33 }).unsqueeze(0);

        using var expected = source.forward(ids);
        using var actual = target.forward(ids);

        Assert.True(expected.eq(actual).all().item<bool>());
    }

    [Theory]
    [InlineData("llama")]
    [InlineData("qwen2")]
    public void Forward_WithKvCache_MatchesFullForward(string modelType)
    {
        // Invariant: prefill + token-by-token decoding with the cache gives the same logits as one full causal pass.
        using var model = TinyModels.Create(TinyModels.Config(modelType));
        var sequence = new long[] { 1, 7, 3, 60, 12, 12, 40, 2, 9 };
        using var full = model.forward(tensor(sequence).unsqueeze(0));
        using var cache = model.CreateCache(1, sequence.Length);

        using var prefill = model.forward(tensor(sequence[..4]).unsqueeze(0), cache);
        Assert.True(prefill.allclose(full.narrow(1, 0, 4), rtol: 1e-4, atol: 1e-5));
        for (var t = 4; t < sequence.Length; t++)
        {
            using var step = model.forward(tensor(new[] { sequence[t] }).unsqueeze(0), cache);
            Assert.True(step.allclose(full.narrow(1, t, 1), rtol: 1e-4, atol: 1e-5), $"position {t} differs");
        }

        Assert.Equal(sequence.Length, cache.Length);
    }

    [Fact]
    public void Forward_ChunkedPrefillWithCache_MatchesFullForward()
    {
        // Two multi-token chunks exercise the explicit causal mask over past positions.
        using var model = TinyModels.Create(TinyModels.Config());
        var sequence = new long[] { 1, 7, 3, 60, 12, 40, 2, 9 };
        using var full = model.forward(tensor(sequence).unsqueeze(0));
        using var cache = model.CreateCache(1, sequence.Length);

        using var first = model.forward(tensor(sequence[..3]).unsqueeze(0), cache);
        using var second = model.forward(tensor(sequence[3..]).unsqueeze(0), cache);

        Assert.True(second.allclose(full.narrow(1, 3, 5), rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void Forward_SlidingWindow_ChangesOnlyPositionsBeyondTheWindow()
    {
        // Mistral-style window of 3: the first 3 positions see the same keys as plain causal attention.
        using var plain = TinyModels.Create(TinyModels.Config("mistral"), seed: 11);
        using var windowed = TinyModels.Create(TinyModels.Config("mistral", slidingWindow: 3), seed: 11);
        using var ids = tensor(new long[] { 1, 4, 8, 15, 16, 23, 42 }).unsqueeze(0);

        using var a = plain.forward(ids);
        using var b = windowed.forward(ids);

        Assert.True(a.narrow(1, 0, 3).allclose(b.narrow(1, 0, 3), rtol: 1e-5, atol: 1e-6));
        Assert.False(a.narrow(1, 3, 4).allclose(b.narrow(1, 3, 4), rtol: 1e-3, atol: 1e-4));
    }

    [Fact]
    public void Forward_Bf16_StaysCloseToFp32()
    {
        using var fp32 = TinyModels.Create(TinyModels.Config());
        using var bf16 = new LlamaForCausalLM(TinyModels.Config(), ScalarType.BFloat16);
        bf16.eval();
        bf16.LoadWeights(fp32.state_dict(), "fp32");
        using var ids = tensor(new long[] { 1, 5, 9, 33, 2 }).unsqueeze(0);

        using var reference = fp32.forward(ids);
        using var low = bf16.forward(ids).to_type(ScalarType.Float32);

        Assert.Equal(ScalarType.BFloat16, bf16.forward(ids).dtype);
        // bf16 keeps 8 bits of mantissa (relative step 2^-8 ≈ 0.4%); through two layers the logits stay within a few
        // percent of the fp32 scale.
        var scale = reference.abs().max().item<float>();
        var error = (low - reference).abs().max().item<float>();
        Assert.True(error < 0.05 * scale, $"max |bf16 - fp32| = {error}, fp32 scale {scale}");
    }

    /// <summary>
    /// bf16 attention over a whole sequence runs as grouped products + softmax; with a cache it runs libtorch's fused
    /// kernel. Both are bf16 attention of the same weights (GQA: 4 query heads on 2 key/value heads), so the logits agree
    /// to bf16 rounding, and an explicit causal mask gives exactly what the implicit one gives.
    /// </summary>
    [Fact]
    public void Forward_Bf16GroupedAttention_MatchesTheFusedKernelAndExplicitMasks()
    {
        using var scope = NewDisposeScope();
        using var fp32 = TinyModels.Create(TinyModels.Config());
        using var bf16 = new LlamaForCausalLM(TinyModels.Config(), ScalarType.BFloat16);
        bf16.eval();
        bf16.LoadWeights(fp32.state_dict(), "fp32");
        var ids = tensor(new long[] { 1, 5, 9, 33, 2, 7, 7, 40, 3, 11, 12, 13 }, [2, 6]);
        using var noGrad = no_grad();

        var grouped = bf16.forward(ids).to_type(ScalarType.Float32);
        var fused = bf16.forward(ids, bf16.CreateCache(2, 6)).to_type(ScalarType.Float32);
        var explicitMask = bf16.forward(ids, mask: ones(2, 1, 6, 6, dtype: ScalarType.Bool).tril()).to_type(ScalarType.Float32);
        var reference = fp32.forward(ids);

        var scale = reference.abs().max().item<float>();
        Assert.True((grouped - fused).abs().max().item<float>() < 0.03 * scale, "grouped vs fused bf16 attention");
        Assert.True((grouped - reference).abs().max().item<float>() < 0.05 * scale, "grouped bf16 vs fp32");
        Assert.True(grouped.eq(explicitMask).all().item<bool>(), "an explicit causal mask must equal the implicit one");
    }
}

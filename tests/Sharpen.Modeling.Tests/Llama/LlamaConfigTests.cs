using System.Text.Json.Nodes;
using Sharpen.Modeling.Llama;
using Sharpen.TestKit;

namespace Sharpen.Modeling.Tests.Llama;

public sealed class LlamaConfigTests
{
    [Fact]
    public void Load_Stories260K_MatchesPublishedArchitecture()
    {
        // Facts from llama2.c doc/stories260K.md, restated in shared/README.md: dim 64, hidden 172, 5 layers,
        // 8 heads, 4 KV heads, vocab 512, context 512, tied embeddings, RMSNorm eps 1e-5, RoPE theta 10000.
        var config = LlamaConfig.Load(SharedData.Path("models", "stories260K-hf", "config.json"));

        Assert.Equal("llama", config.ModelType);
        Assert.Equal(64, config.HiddenSize);
        Assert.Equal(172, config.IntermediateSize);
        Assert.Equal(5, config.NumHiddenLayers);
        Assert.Equal(8, config.NumAttentionHeads);
        Assert.Equal(4, config.NumKeyValueHeads);
        Assert.Equal(8, config.HeadDim);
        Assert.Equal(512, config.VocabSize);
        Assert.Equal(512, config.MaxPositionEmbeddings);
        Assert.True(config.TieWordEmbeddings);
        Assert.Equal(1e-5, config.RmsNormEps);
        Assert.Equal(10000.0, config.RopeTheta);
        Assert.False(config.QkvBias);
        Assert.Null(config.RopeScaling);
    }

    [Fact]
    public void ParameterCount_Stories260K_IsAbout260K()
    {
        // The model is named for its ~260K parameters (llama2.c); the exact count follows from the shapes:
        // 512*64 embeddings + 5 * (4*64*64 ... ) — computed independently here from the published dims.
        var config = LlamaConfig.Load(SharedData.Path("models", "stories260K-hf", "config.json"));
        long attention = (64 * 64) + (2 * 64 * 32) + (64 * 64);
        long mlp = 3 * 64 * 172;
        long expected = (512 * 64) + (5 * (attention + mlp + (2 * 64))) + 64;

        Assert.Equal(expected, config.ParameterCount());
        Assert.InRange(config.ParameterCount(), 250_000, 270_000);
    }

    [Fact]
    public void FromJson_Qwen2_HasBiasOnQkvOnly()
    {
        var config = LlamaConfig.FromJson(Qwen2Like(), "qwen2.json");

        Assert.True(config.QkvBias);
        Assert.False(config.OutputBias);
        Assert.Equal(new[] { 151645, 151643 }, config.EosTokenIds);
    }

    [Fact]
    public void FromJson_MistralWithSlidingWindow_KeepsWindow()
    {
        var json = Qwen2Like();
        json["model_type"] = "mistral";
        json["sliding_window"] = 4096;

        var config = LlamaConfig.FromJson(json, "mistral.json");

        Assert.Equal(4096, config.SlidingWindow);
        Assert.False(config.QkvBias);
    }

    [Fact]
    public void FromJson_Llama3RopeScaling_ScalesOnlyLowFrequencies()
    {
        // Llama 3.1's published rope_scaling: factor 8, low_freq_factor 1, high_freq_factor 4, original 8192, theta 500000.
        var json = Qwen2Like();
        json["model_type"] = "llama";
        json["rope_theta"] = 500000.0;
        json["head_dim"] = 128;
        json["rope_scaling"] = new JsonObject
        {
            ["rope_type"] = "llama3",
            ["factor"] = 8.0,
            ["low_freq_factor"] = 1.0,
            ["high_freq_factor"] = 4.0,
            ["original_max_position_embeddings"] = 8192,
        };
        var config = LlamaConfig.FromJson(json, "llama3.json");
        var baseFreq = Enumerable.Range(0, 64).Select(i => 1.0 / Math.Pow(500000.0, 2.0 * i / 128)).ToArray();

        var scaled = config.RopeScaling!.Apply(baseFreq);

        for (var i = 0; i < 64; i++)
        {
            var wavelen = 2 * Math.PI / baseFreq[i];
            if (wavelen < 8192 / 4.0)
            {
                Assert.Equal(baseFreq[i], scaled[i]); // high frequencies untouched
            }
            else if (wavelen > 8192 / 1.0)
            {
                Assert.Equal(baseFreq[i] / 8.0, scaled[i], 15); // low frequencies divided by the factor
            }
            else
            {
                Assert.InRange(scaled[i], baseFreq[i] / 8.0, baseFreq[i]); // blended band
            }
        }
    }

    [Theory]
    [InlineData("model_type", "\"gpt2\"", "model_type 'gpt2'")]
    [InlineData("hidden_size", "\"big\"", "'hidden_size' must be an integer")]
    [InlineData("num_key_value_heads", "3", "multiple of 'num_key_value_heads'")]
    [InlineData("hidden_act", "\"gelu\"", "only silu")]
    [InlineData("vocab_size", "0", "'vocab_size' must be positive")]
    public void FromJson_InvalidValue_NamesFileAndKey(string key, string value, string expected)
    {
        var json = Qwen2Like();
        json[key] = JsonNode.Parse(value);

        var error = Assert.Throws<ModelConfigException>(() => LlamaConfig.FromJson(json, "bad/config.json"));

        Assert.Contains("bad/config.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_MissingRequiredKey_NamesIt()
    {
        var json = Qwen2Like();
        json.Remove("intermediate_size");

        var error = Assert.Throws<ModelConfigException>(() => LlamaConfig.FromJson(json, "c.json"));

        Assert.Contains("'intermediate_size'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_RoundTrips()
    {
        var config = LlamaConfig.FromJson(Qwen2Like(), "qwen2.json");

        var again = LlamaConfig.FromJson(config.ToJson(), "round-trip");

        Assert.Equal(config with { EosTokenIds = [] }, again with { EosTokenIds = [] });
        Assert.Equal(config.EosTokenIds, again.EosTokenIds);
    }

    /// <summary>Qwen2.5-0.5B-Instruct's published config.json values (a small GQA model with q/k/v bias).</summary>
    internal static JsonObject Qwen2Like() => new()
    {
        ["model_type"] = "qwen2",
        ["hidden_size"] = 896,
        ["intermediate_size"] = 4864,
        ["num_hidden_layers"] = 24,
        ["num_attention_heads"] = 14,
        ["num_key_value_heads"] = 2,
        ["vocab_size"] = 151936,
        ["max_position_embeddings"] = 32768,
        ["rms_norm_eps"] = 1e-6,
        ["rope_theta"] = 1000000.0,
        ["tie_word_embeddings"] = true,
        ["hidden_act"] = "silu",
        ["bos_token_id"] = 151643,
        ["eos_token_id"] = new JsonArray(151645, 151643),
        ["torch_dtype"] = "bfloat16",
    };
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sharpen.Modeling.Llama;

/// <summary>
/// The architecture of a Llama-family decoder, read from a Hugging Face <c>config.json</c>. One shape covers Llama 2/3
/// (incl. <c>rope_scaling</c> of type <c>llama3</c>), Mistral, Qwen2 (bias on q/k/v) and SmolLM: pre-norm RMSNorm blocks,
/// grouped-query attention with rotary embeddings (rotate-half convention), and a SwiGLU MLP.
/// </summary>
public sealed record LlamaConfig
{
    /// <summary>Model types this implementation runs: they differ only in the flags below.</summary>
    public static readonly IReadOnlySet<string> SupportedModelTypes = new HashSet<string>(StringComparer.Ordinal) { "llama", "mistral", "qwen2" };

    public required string ModelType { get; init; }
    public required int HiddenSize { get; init; }
    public required int IntermediateSize { get; init; }
    public required int NumHiddenLayers { get; init; }
    public required int NumAttentionHeads { get; init; }

    /// <summary>Key/value heads; fewer than <see cref="NumAttentionHeads"/> means grouped-query attention.</summary>
    public required int NumKeyValueHeads { get; init; }

    /// <summary>Per-head width; <c>hidden_size / num_attention_heads</c> unless the config says otherwise.</summary>
    public required int HeadDim { get; init; }

    public required int VocabSize { get; init; }
    public required int MaxPositionEmbeddings { get; init; }
    public double RmsNormEps { get; init; } = 1e-6;
    public double RopeTheta { get; init; } = 10000.0;
    public RopeScaling? RopeScaling { get; init; }

    /// <summary>When true the output projection reuses <c>model.embed_tokens.weight</c> and <c>lm_head.weight</c> is absent.</summary>
    public bool TieWordEmbeddings { get; init; }

    /// <summary>Bias on q/k/v projections (Qwen2 always; Llama when <c>attention_bias</c>, which also biases o_proj).</summary>
    public bool QkvBias { get; init; }

    /// <summary>Bias on the attention output projection (Llama's <c>attention_bias</c>).</summary>
    public bool OutputBias { get; init; }

    public bool MlpBias { get; init; }
    public string HiddenAct { get; init; } = "silu";

    /// <summary>Mistral's sliding attention window (tokens), if any.</summary>
    public int? SlidingWindow { get; init; }

    public int? BosTokenId { get; init; }
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];

    /// <summary>The dtype the checkpoint was saved in (<c>torch_dtype</c>), e.g. float32 or bfloat16.</summary>
    public string TorchDtype { get; init; } = "float32";

    /// <summary>Reads and validates <c>config.json</c>; errors name the file and the key.</summary>
    public static LlamaConfig Load(string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new ModelConfigException(path, $"is not valid JSON: {ex.Message}");
        }

        if (root is not JsonObject obj)
        {
            throw new ModelConfigException(path, "must hold a JSON object");
        }

        return FromJson(obj, path);
    }

    /// <summary>Builds the config from a parsed <c>config.json</c> object; <paramref name="source"/> names it in errors.</summary>
    public static LlamaConfig FromJson(JsonObject json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        var reader = new Reader(json, source);
        var modelType = reader.String("model_type") ?? throw new ModelConfigException(source, "has no 'model_type'");
        if (!SupportedModelTypes.Contains(modelType))
        {
            throw new ModelConfigException(source, $"has model_type '{modelType}'; supported: {string.Join(", ", SupportedModelTypes)}");
        }

        var hidden = reader.RequiredInt("hidden_size");
        var heads = reader.RequiredInt("num_attention_heads");
        var kvHeads = reader.Int("num_key_value_heads") ?? heads;
        var headDim = reader.Int("head_dim") ?? (heads > 0 ? hidden / heads : 0);
        var attentionBias = reader.Bool("attention_bias") ?? false;
        var config = new LlamaConfig
        {
            ModelType = modelType,
            HiddenSize = hidden,
            IntermediateSize = reader.RequiredInt("intermediate_size"),
            NumHiddenLayers = reader.RequiredInt("num_hidden_layers"),
            NumAttentionHeads = heads,
            NumKeyValueHeads = kvHeads,
            HeadDim = headDim,
            VocabSize = reader.RequiredInt("vocab_size"),
            MaxPositionEmbeddings = reader.Int("max_position_embeddings") ?? 2048,
            RmsNormEps = reader.Double("rms_norm_eps") ?? 1e-6,
            RopeTheta = reader.Double("rope_theta") ?? 10000.0,
            RopeScaling = reader.RopeScaling(),
            TieWordEmbeddings = reader.Bool("tie_word_embeddings") ?? false,
            QkvBias = modelType == "qwen2" || attentionBias,
            OutputBias = modelType != "qwen2" && attentionBias,
            MlpBias = reader.Bool("mlp_bias") ?? false,
            HiddenAct = reader.String("hidden_act") ?? "silu",
            SlidingWindow = (modelType == "mistral" || (reader.Bool("use_sliding_window") ?? false)) ? reader.Int("sliding_window") : null,
            BosTokenId = reader.Int("bos_token_id"),
            EosTokenIds = reader.IntOrList("eos_token_id"),
            TorchDtype = reader.String("torch_dtype") ?? reader.String("dtype") ?? "float32",
        };
        config.Validate(source);
        return config;
    }

    /// <summary>Writes this config as a Hugging Face <c>config.json</c> object.</summary>
    public JsonObject ToJson()
    {
        var architecture = ModelType switch
        {
            "mistral" => "MistralForCausalLM",
            "qwen2" => "Qwen2ForCausalLM",
            _ => "LlamaForCausalLM",
        };
        var json = new JsonObject
        {
            ["architectures"] = new JsonArray(architecture),
            ["model_type"] = ModelType,
            ["hidden_size"] = HiddenSize,
            ["intermediate_size"] = IntermediateSize,
            ["num_hidden_layers"] = NumHiddenLayers,
            ["num_attention_heads"] = NumAttentionHeads,
            ["num_key_value_heads"] = NumKeyValueHeads,
            ["head_dim"] = HeadDim,
            ["vocab_size"] = VocabSize,
            ["max_position_embeddings"] = MaxPositionEmbeddings,
            ["rms_norm_eps"] = RmsNormEps,
            ["rope_theta"] = RopeTheta,
            ["hidden_act"] = HiddenAct,
            ["tie_word_embeddings"] = TieWordEmbeddings,
            ["mlp_bias"] = MlpBias,
            ["torch_dtype"] = TorchDtype,
        };
        if (ModelType != "qwen2")
        {
            json["attention_bias"] = QkvBias;
        }

        if (RopeScaling is { } scaling)
        {
            json["rope_scaling"] = new JsonObject
            {
                ["rope_type"] = scaling.Type,
                ["factor"] = scaling.Factor,
                ["low_freq_factor"] = scaling.LowFreqFactor,
                ["high_freq_factor"] = scaling.HighFreqFactor,
                ["original_max_position_embeddings"] = scaling.OriginalMaxPositionEmbeddings,
            };
        }

        if (SlidingWindow is { } window)
        {
            json["sliding_window"] = window;
        }

        if (BosTokenId is { } bos)
        {
            json["bos_token_id"] = bos;
        }

        if (EosTokenIds.Count == 1)
        {
            json["eos_token_id"] = EosTokenIds[0];
        }
        else if (EosTokenIds.Count > 1)
        {
            json["eos_token_id"] = new JsonArray([.. EosTokenIds.Select(id => (JsonNode)id)]);
        }

        return json;
    }

    /// <summary>Number of parameters the architecture implies (embeddings counted once when tied).</summary>
    public long ParameterCount()
    {
        long h = HiddenSize, q = (long)NumAttentionHeads * HeadDim, kv = (long)NumKeyValueHeads * HeadDim, f = IntermediateSize;
        var attention = (h * q) + (2 * h * kv) + (q * h) + (QkvBias ? q + (2 * kv) : 0) + (OutputBias ? h : 0);
        var mlp = (3 * h * f) + (MlpBias ? (2 * f) + h : 0);
        var layer = attention + mlp + (2 * h);
        var embeddings = (long)VocabSize * h;
        return embeddings + (TieWordEmbeddings ? 0 : embeddings) + (NumHiddenLayers * layer) + h;
    }

    /// <summary>Checks that the numbers describe a runnable model; throws <see cref="ModelConfigException"/> naming <paramref name="source"/>.</summary>
    public void Validate(string source)
    {
        void Positive(string key, int value)
        {
            if (value <= 0)
            {
                throw new ModelConfigException(source, $"'{key}' must be positive, got {value}");
            }
        }

        Positive("hidden_size", HiddenSize);
        Positive("intermediate_size", IntermediateSize);
        Positive("num_hidden_layers", NumHiddenLayers);
        Positive("num_attention_heads", NumAttentionHeads);
        Positive("num_key_value_heads", NumKeyValueHeads);
        Positive("head_dim", HeadDim);
        Positive("vocab_size", VocabSize);
        Positive("max_position_embeddings", MaxPositionEmbeddings);
        if (NumAttentionHeads % NumKeyValueHeads != 0)
        {
            throw new ModelConfigException(source, $"'num_attention_heads' ({NumAttentionHeads}) must be a multiple of 'num_key_value_heads' ({NumKeyValueHeads})");
        }

        if (HeadDim % 2 != 0)
        {
            throw new ModelConfigException(source, $"'head_dim' ({HeadDim}) must be even for rotary embeddings");
        }

        if (HiddenAct is not ("silu" or "swish"))
        {
            throw new ModelConfigException(source, $"'hidden_act' is '{HiddenAct}'; only silu (SwiGLU) is supported");
        }

        if (RmsNormEps <= 0 || RopeTheta <= 0)
        {
            throw new ModelConfigException(source, "'rms_norm_eps' and 'rope_theta' must be positive");
        }
    }

    /// <summary>Typed access to config keys with errors that name the file and key.</summary>
    private sealed class Reader(JsonObject json, string source)
    {
        public string? String(string key) => json[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

        public int RequiredInt(string key) => Int(key) ?? throw new ModelConfigException(source, $"has no '{key}'");

        public int? Int(string key)
        {
            var node = json[key];
            if (node is null)
            {
                return null;
            }

            if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i))
            {
                return i;
            }

            throw new ModelConfigException(source, $"'{key}' must be an integer, got {node.ToJsonString()}");
        }

        public double? Double(string key)
        {
            var node = json[key];
            if (node is null)
            {
                return null;
            }

            if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
            {
                return v.GetValue<double>();
            }

            throw new ModelConfigException(source, $"'{key}' must be a number, got {node.ToJsonString()}");
        }

        public bool? Bool(string key)
        {
            var node = json[key];
            if (node is null)
            {
                return null;
            }

            return node.GetValueKind() switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new ModelConfigException(source, $"'{key}' must be true or false, got {node.ToJsonString()}"),
            };
        }

        public IReadOnlyList<int> IntOrList(string key)
        {
            var node = json[key];
            return node switch
            {
                null => [],
                JsonArray array => [.. array.Select((n, i) => n is JsonValue v && v.TryGetValue<int>(out var id)
                    ? id
                    : throw new ModelConfigException(source, $"'{key}[{i}]' must be an integer"))],
                _ => [Int(key)!.Value],
            };
        }

        public RopeScaling? RopeScaling()
        {
            var node = json["rope_scaling"];
            if (node is null)
            {
                return null;
            }

            if (node is not JsonObject o)
            {
                throw new ModelConfigException(source, "'rope_scaling' must be an object or null");
            }

            var inner = new Reader(o, source);
            var type = inner.String("rope_type") ?? inner.String("type")
                ?? throw new ModelConfigException(source, "'rope_scaling' has no 'rope_type'");
            if (type == "default")
            {
                return null;
            }

            if (type is not ("llama3" or "linear"))
            {
                throw new ModelConfigException(source, $"'rope_scaling.rope_type' is '{type}'; supported: llama3, linear");
            }

            var factor = inner.Double("factor") ?? throw new ModelConfigException(source, "'rope_scaling.factor' is required");
            if (factor <= 0)
            {
                throw new ModelConfigException(source, $"'rope_scaling.factor' must be positive, got {factor.ToString(CultureInfo.InvariantCulture)}");
            }

            return type == "linear"
                ? new RopeScaling(type, factor)
                : new RopeScaling(
                    type,
                    factor,
                    inner.Double("low_freq_factor") ?? 1.0,
                    inner.Double("high_freq_factor") ?? 4.0,
                    inner.Int("original_max_position_embeddings") ?? 8192);
        }
    }
}

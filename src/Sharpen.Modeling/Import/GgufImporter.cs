using Sharpen.Modeling.Llama;
using System.Globalization;
using Sharpen.Modeling.Checkpoints;
using TorchSharp;

namespace Sharpen.Modeling.Import;

/// <summary>
/// Turns a llama-architecture GGUF (F32/F16/BF16 tensors) into a Hugging Face model folder: <c>config.json</c>,
/// <c>model.safetensors</c> with transformers' Llama key names, <c>tokenizer.json</c> + <c>tokenizer_config.json</c>
/// rebuilt from the embedded SentencePiece vocabulary, and <c>generation_config.json</c>. GGUF keeps Q/K rows in Meta's
/// interleaved RoPE order (llama.cpp's converter permutes HF weights back to it), so they are permuted to HF's
/// rotate-half order here. An <c>output.weight</c> that is absent or bit-identical to <c>token_embd.weight</c> is
/// treated as tied (no <c>lm_head.weight</c>).
/// </summary>
public static class GgufImporter
{
    /// <summary>Imports <paramref name="ggufPath"/> into <paramref name="outputDirectory"/>.</summary>
    public static ImportResult Import(string ggufPath, string outputDirectory) => Import(ggufPath, outputDirectory, new ImportOptions());

    /// <summary>Imports <paramref name="ggufPath"/> into <paramref name="outputDirectory"/> with <paramref name="options"/>.</summary>
    public static ImportResult Import(string ggufPath, string outputDirectory, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var gguf = GgufFile.Open(ggufPath);
        var notes = new List<string>();
        var arch = gguf.GetString("general.architecture");
        if (arch != "llama")
        {
            throw new CheckpointFormatException(gguf.FilePath, $"general.architecture is '{arch}'; only 'llama' models can be imported.");
        }

        var vocabulary = ReadVocabulary(gguf, options, notes);
        using var scope = torch.NewDisposeScope();
        var tensors = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        var config = ReadConfig(gguf, vocabulary);
        var dtype = ChooseDType(gguf);
        var tied = MapTensors(gguf, config, dtype, tensors);
        config = config with { TieWordEmbeddings = tied, TorchDtype = TorchDTypeName(dtype) };
        HfModelFolder.Validate(config, gguf.FilePath);
        if (vocabulary is null)
        {
            notes.Add("The GGUF has no SentencePiece ('llama') tokenizer; no tokenizer files were written.");
        }

        return HfModelFolder.Write(outputDirectory, new HfModelFolder.Contents(config, tensors, vocabulary, null, notes), options);
    }

    private static LlamaConfig ReadConfig(GgufFile gguf, SentencePieceVocabulary? vocabulary)
    {
        int Required(string key) => checked((int)(gguf.GetInteger(key) ?? throw new CheckpointFormatException(gguf.FilePath, $"metadata key '{key}' is missing.")));

        var hidden = Required("llama.embedding_length");
        var heads = Required("llama.attention.head_count");
        var kvHeads = checked((int)(gguf.GetInteger("llama.attention.head_count_kv") ?? heads));
        var headDim = checked((int)(gguf.GetInteger("llama.attention.key_length") ?? gguf.GetInteger("llama.rope.dimension_count") ?? (hidden / heads)));
        var embedding = gguf.GetTensorInfo("token_embd.weight");
        var vocabSize = checked((int)(gguf.GetInteger("llama.vocab_size") ?? vocabulary?.Pieces.Count ?? embedding.Shape[0]));
        return new LlamaConfig
        {
            ModelType = "llama",
            HiddenSize = hidden,
            IntermediateSize = Required("llama.feed_forward_length"),
            NumHiddenLayers = Required("llama.block_count"),
            NumAttentionHeads = heads,
            NumKeyValueHeads = kvHeads,
            HeadDim = headDim,
            VocabSize = vocabSize,
            MaxPositionEmbeddings = Required("llama.context_length"),
            RmsNormEps = gguf.GetFloat("llama.attention.layer_norm_rms_epsilon") ?? throw new CheckpointFormatException(gguf.FilePath, "metadata key 'llama.attention.layer_norm_rms_epsilon' is missing."),
            RopeTheta = gguf.GetFloat("llama.rope.freq_base", 10000.0)!.Value,
            TieWordEmbeddings = true,
            BosTokenId = vocabulary?.BosId,
            EosTokenIds = vocabulary?.EosId is { } eos ? [eos] : [],
            TorchDtype = "float32",
        };
    }

    /// <summary>The dtype of the 2-D weights (norms are F32 in every GGUF, even F16 models); everything is stored in it.</summary>
    private static torch.ScalarType ChooseDType(GgufFile gguf)
    {
        foreach (var info in gguf.Tensors)
        {
            if (info.Type.ToScalarType() is null)
            {
                throw new CheckpointFormatException(
                    gguf.FilePath,
                    $"tensor '{info.Name}' is stored as {info.Type.DisplayName()}, a quantised type Sharpen cannot import; use an F32, F16 or BF16 GGUF.");
            }
        }

        var matrix = gguf.Tensors.FirstOrDefault(t => t.Dimensions.Count == 2);
        return matrix?.Type switch
        {
            GgufTensorType.F16 => torch.ScalarType.Float16,
            GgufTensorType.BF16 => torch.ScalarType.BFloat16,
            _ => torch.ScalarType.Float32,
        };
    }

    private static string TorchDTypeName(torch.ScalarType type) => type switch
    {
        torch.ScalarType.Float16 => "float16",
        torch.ScalarType.BFloat16 => "bfloat16",
        _ => "float32",
    };

    /// <summary>Fills <paramref name="tensors"/> with HF names; returns whether the embeddings are tied.</summary>
    private static bool MapTensors(GgufFile gguf, LlamaConfig config, torch.ScalarType dtype, Dictionary<string, torch.Tensor> tensors)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var kvDim = (long)config.NumKeyValueHeads * config.HeadDim;
        var qDim = (long)config.NumAttentionHeads * config.HeadDim;

        torch.Tensor Load(string ggufName, long[] expectedShape)
        {
            if (!gguf.ContainsTensor(ggufName))
            {
                throw new CheckpointFormatException(gguf.FilePath, $"tensor '{ggufName}' is missing.");
            }

            var info = gguf.GetTensorInfo(ggufName);
            if (!info.Shape.SequenceEqual(expectedShape))
            {
                throw new CheckpointFormatException(
                    gguf.FilePath,
                    $"tensor '{ggufName}' has shape [{string.Join(", ", info.Shape)}], but the metadata implies [{string.Join(", ", expectedShape)}].");
            }

            used.Add(ggufName);
            var tensor = gguf.ReadTensor(ggufName);
            return tensor.dtype == dtype ? tensor : tensor.to_type(dtype);
        }

        long h = config.HiddenSize, f = config.IntermediateSize;
        var embedding = Load("token_embd.weight", [config.VocabSize, h]);
        tensors["model.embed_tokens.weight"] = embedding;
        tensors["model.norm.weight"] = Load("output_norm.weight", [h]);
        for (var i = 0; i < config.NumHiddenLayers; i++)
        {
            var g = $"blk.{i}.";
            var p = $"model.layers.{i}.";
            tensors[p + "self_attn.q_proj.weight"] = RotaryPermutation.MetaToHuggingFace(Load(g + "attn_q.weight", [qDim, h]), config.NumAttentionHeads);
            tensors[p + "self_attn.k_proj.weight"] = RotaryPermutation.MetaToHuggingFace(Load(g + "attn_k.weight", [kvDim, h]), config.NumKeyValueHeads);
            tensors[p + "self_attn.v_proj.weight"] = Load(g + "attn_v.weight", [kvDim, h]);
            tensors[p + "self_attn.o_proj.weight"] = Load(g + "attn_output.weight", [h, qDim]);
            tensors[p + "mlp.gate_proj.weight"] = Load(g + "ffn_gate.weight", [f, h]);
            tensors[p + "mlp.up_proj.weight"] = Load(g + "ffn_up.weight", [f, h]);
            tensors[p + "mlp.down_proj.weight"] = Load(g + "ffn_down.weight", [h, f]);
            tensors[p + "input_layernorm.weight"] = Load(g + "attn_norm.weight", [h]);
            tensors[p + "post_attention_layernorm.weight"] = Load(g + "ffn_norm.weight", [h]);
        }

        var tied = true;
        if (gguf.ContainsTensor("output.weight"))
        {
            var output = Load("output.weight", [config.VocabSize, h]);
            tied = output.equal(embedding).all().item<bool>();
            if (!tied)
            {
                tensors["lm_head.weight"] = output;
            }
        }

        var unknown = gguf.Tensors.Select(t => t.Name).Where(n => !used.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            throw new CheckpointFormatException(
                gguf.FilePath,
                string.Create(CultureInfo.InvariantCulture, $"{unknown.Count} tensor(s) have no Hugging Face Llama equivalent: {string.Join(", ", unknown.Take(5))}{(unknown.Count > 5 ? ", ..." : string.Empty)}."));
        }

        return tied;
    }

    private static SentencePieceVocabulary? ReadVocabulary(GgufFile gguf, ImportOptions options, List<string> notes)
    {
        var model = gguf.GetValue("tokenizer.ggml.model") as string;
        if (model is null)
        {
            return null;
        }

        if (model != "llama")
        {
            throw new CheckpointFormatException(
                gguf.FilePath,
                $"tokenizer.ggml.model is '{model}'; only SentencePiece ('llama') tokenizers can be converted to tokenizer.json so far.");
        }

        var tokens = gguf.GetArray<string>("tokenizer.ggml.tokens") ?? throw new CheckpointFormatException(gguf.FilePath, "metadata key 'tokenizer.ggml.tokens' is missing.");
        var scores = gguf.GetArray<float>("tokenizer.ggml.scores");
        if (scores is not null && scores.Length != tokens.Length)
        {
            throw new CheckpointFormatException(gguf.FilePath, $"tokenizer.ggml.scores has {scores.Length} entries for {tokens.Length} tokens.");
        }

        var rawTypes = gguf.GetArray<int>("tokenizer.ggml.token_type");
        if (rawTypes is not null && rawTypes.Length != tokens.Length)
        {
            throw new CheckpointFormatException(gguf.FilePath, $"tokenizer.ggml.token_type has {rawTypes.Length} entries for {tokens.Length} tokens.");
        }

        int? Id(string key, int? fallback)
        {
            var id = gguf.GetInteger(key, fallback);
            if (id is { } v && (v < 0 || v >= tokens.Length))
            {
                throw new CheckpointFormatException(gguf.FilePath, $"{key} = {v} is outside the vocabulary of {tokens.Length} tokens.");
            }

            return id is null ? null : (int)id.Value;
        }

        var unk = Id("tokenizer.ggml.unknown_token_id", 0)!.Value;
        var bos = Id("tokenizer.ggml.bos_token_id", 1);
        var eos = Id("tokenizer.ggml.eos_token_id", 2);
        var pad = Id("tokenizer.ggml.padding_token_id", null);
        if (pad is { } p && (p == unk || p == bos || p == eos) && gguf.GetValue("tokenizer.ggml.padding_token_id") is not null)
        {
            // Conversions often record pad = unk or eos; transformers' Llama configs leave pad unset in that case.
            notes.Add($"tokenizer.ggml.padding_token_id = {p} reuses a special token; tokenizer_config.json leaves pad_token unset.");
            pad = null;
        }

        var types = new SentencePieceTokenType[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            types[i] = rawTypes is not null && Enum.IsDefined((SentencePieceTokenType)rawTypes[i])
                ? (SentencePieceTokenType)rawTypes[i]
                : SentencePieceVocabulary.InferType(tokens[i], i, unk, bos, eos);
        }

        var removeExtra = options.RemoveExtraWhitespaces ?? gguf.GetBool("tokenizer.ggml.remove_extra_whitespaces", false)!.Value;
        if (options.RemoveExtraWhitespaces is null && gguf.GetValue("tokenizer.ggml.remove_extra_whitespaces") is null)
        {
            notes.Add("The GGUF does not say whether the tokenizer collapses repeated spaces; tokenizer.json keeps them, as llama.cpp does (set RemoveExtraWhitespaces to change this).");
        }

        return new SentencePieceVocabulary(
            tokens,
            scores ?? new float[tokens.Length],
            types,
            unk,
            bos,
            eos,
            pad,
            AddBos: gguf.GetBool("tokenizer.ggml.add_bos_token", true)!.Value,
            AddEos: gguf.GetBool("tokenizer.ggml.add_eos_token", false)!.Value,
            AddDummyPrefix: gguf.GetBool("tokenizer.ggml.add_space_prefix", true)!.Value,
            RemoveExtraWhitespaces: removeExtra);
    }
}

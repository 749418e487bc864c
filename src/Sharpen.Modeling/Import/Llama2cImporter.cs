using Sharpen.Modeling.Llama;
using Sharpen.Modeling.Checkpoints;
using TorchSharp;

namespace Sharpen.Modeling.Import;

/// <summary>
/// Turns a llama2.c float32 checkpoint (<c>.bin</c>, legacy v0 or "ak42" v1) and its tokenizer into a Hugging Face
/// model folder. llama2.c keeps Meta's interleaved-RoPE Q/K rows, so they are permuted to HF's rotate-half order; the
/// RoPE tables in v0 files are dropped (HF recomputes them from <c>rope_theta</c>). llama2.c's model uses RMSNorm eps
/// 1e-5 and RoPE theta 10000 and stores neither, so those are written. The tokenizer may be a SentencePiece
/// <c>tokenizer.model</c> (copied, and also converted to tokenizer.json when it is BPE) or llama2.c's own
/// <c>tokenizer.bin</c> (converted to tokenizer.json).
/// </summary>
public static class Llama2cImporter
{
    /// <summary>RMSNorm epsilon of llama2.c's <c>model.py</c> (<c>ModelArgs.norm_eps</c>).</summary>
    public const double RmsNormEps = 1e-5;

    /// <summary>RoPE base of llama2.c's <c>precompute_freqs_cis</c>.</summary>
    public const double RopeTheta = 10000.0;

    /// <summary>Imports <paramref name="checkpointPath"/> with an optional tokenizer into <paramref name="outputDirectory"/>.</summary>
    public static ImportResult Import(string checkpointPath, string? tokenizerPath, string outputDirectory) =>
        Import(checkpointPath, tokenizerPath, outputDirectory, new ImportOptions());

    /// <summary>Imports with <paramref name="options"/>.</summary>
    public static ImportResult Import(string checkpointPath, string? tokenizerPath, string outputDirectory, ImportOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointPath);
        ArgumentNullException.ThrowIfNull(options);
        checkpointPath = Path.GetFullPath(checkpointPath);
        if (!File.Exists(checkpointPath))
        {
            throw new FileNotFoundException($"llama2.c checkpoint '{checkpointPath}' does not exist.", checkpointPath);
        }

        if (tokenizerPath is not null && !File.Exists(tokenizerPath))
        {
            throw new FileNotFoundException($"Tokenizer '{tokenizerPath}' does not exist.", tokenizerPath);
        }

        var notes = new List<string>();
        using var scope = torch.NewDisposeScope();
        var (checkpoint, weights) = Llama2cCheckpoint.Read(checkpointPath);
        var (vocabulary, modelFile) = ReadTokenizer(tokenizerPath, checkpoint.VocabSize, options, notes);

        var config = new LlamaConfig
        {
            ModelType = "llama",
            HiddenSize = checkpoint.Dim,
            IntermediateSize = checkpoint.HiddenDim,
            NumHiddenLayers = checkpoint.Layers,
            NumAttentionHeads = checkpoint.Heads,
            NumKeyValueHeads = checkpoint.KvHeads,
            HeadDim = checkpoint.HeadDim,
            VocabSize = checkpoint.VocabSize,
            MaxPositionEmbeddings = checkpoint.SeqLen,
            RmsNormEps = RmsNormEps,
            RopeTheta = RopeTheta,
            TieWordEmbeddings = checkpoint.SharedClassifier,
            BosTokenId = vocabulary?.BosId ?? 1,
            EosTokenIds = [vocabulary?.EosId ?? 2],
            TorchDtype = "float32",
        };
        HfModelFolder.Validate(config, checkpointPath);

        var tensors = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal)
        {
            ["model.embed_tokens.weight"] = weights["tok_embeddings.weight"],
            ["model.norm.weight"] = weights["norm.weight"],
        };
        for (var i = 0; i < checkpoint.Layers; i++)
        {
            var m = $"layers.{i}.";
            var p = $"model.layers.{i}.";
            tensors[p + "self_attn.q_proj.weight"] = RotaryPermutation.MetaToHuggingFace(weights[m + "attention.wq.weight"], checkpoint.Heads);
            tensors[p + "self_attn.k_proj.weight"] = RotaryPermutation.MetaToHuggingFace(weights[m + "attention.wk.weight"], checkpoint.KvHeads);
            tensors[p + "self_attn.v_proj.weight"] = weights[m + "attention.wv.weight"];
            tensors[p + "self_attn.o_proj.weight"] = weights[m + "attention.wo.weight"];
            tensors[p + "mlp.gate_proj.weight"] = weights[m + "feed_forward.w1.weight"];
            tensors[p + "mlp.down_proj.weight"] = weights[m + "feed_forward.w2.weight"];
            tensors[p + "mlp.up_proj.weight"] = weights[m + "feed_forward.w3.weight"];
            tensors[p + "input_layernorm.weight"] = weights[m + "attention_norm.weight"];
            tensors[p + "post_attention_layernorm.weight"] = weights[m + "ffn_norm.weight"];
        }

        if (!checkpoint.SharedClassifier)
        {
            tensors["lm_head.weight"] = weights["output.weight"];
        }

        if (tokenizerPath is null)
        {
            notes.Add("No tokenizer was given; the folder has weights and config only.");
        }

        return HfModelFolder.Write(outputDirectory, new HfModelFolder.Contents(config, tensors, vocabulary, modelFile, notes), options);
    }

    private static (SentencePieceVocabulary? Vocabulary, string? ModelFile) ReadTokenizer(string? path, int vocabSize, ImportOptions options, List<string> notes)
    {
        if (path is null)
        {
            return (null, null);
        }

        path = Path.GetFullPath(path);
        if (IsSentencePieceModel(path))
        {
            var model = SentencePieceModelFile.Read(path);
            if (model.Vocabulary.Pieces.Count != vocabSize)
            {
                throw new CheckpointFormatException(path, $"has {model.Vocabulary.Pieces.Count} pieces, but the checkpoint's vocabulary has {vocabSize}.");
            }

            if (model.ModelType != SentencePieceModelFile.BpeModelType)
            {
                notes.Add($"{Path.GetFileName(path)} is a SentencePiece model of type {model.ModelType} (not BPE); it was copied as tokenizer.model but not converted to tokenizer.json.");
                return (null, path);
            }

            var vocabulary = options.RemoveExtraWhitespaces is { } remove ? model.Vocabulary with { RemoveExtraWhitespaces = remove } : model.Vocabulary;
            return (vocabulary, path);
        }

        if (options.RemoveExtraWhitespaces is null)
        {
            notes.Add("llama2.c's tokenizer.bin does not record whether the tokenizer collapses repeated spaces; tokenizer.json keeps them, as run.c does (set RemoveExtraWhitespaces to change this).");
        }

        return (Llama2cTokenizerFile.Read(path, vocabSize, options.RemoveExtraWhitespaces ?? false), null);
    }

    /// <summary>
    /// By extension, else by content: a serialized ModelProto starts with field 1 (a piece), tag 0x0A followed by a
    /// non-zero length; tokenizer.bin starts with a small little-endian i32, whose second byte is 0.
    /// </summary>
    private static bool IsSentencePieceModel(string path)
    {
        if (path.EndsWith(".model", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (path.EndsWith(".bin", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        using var stream = File.OpenRead(path);
        return stream.ReadByte() == 0x0A && stream.ReadByte() is > 0;
    }
}

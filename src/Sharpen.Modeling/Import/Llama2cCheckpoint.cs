using System.Buffers.Binary;
using Sharpen.Modeling.Checkpoints;
using TorchSharp;

namespace Sharpen.Modeling.Import;

/// <summary>
/// A llama2.c float32 checkpoint, as written by llama2.c's <c>export.py</c>:
/// <list type="bullet">
/// <item>v0 (legacy_export): 7 × i32 header (dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len;
/// a negative vocab_size means an unshared classifier follows), then tok_embeddings, per-kind layer stacks
/// (attention_norm, wq, wk, wv, wo, ffn_norm, w1, w2, w3), norm, freqs_cos, freqs_sin, [output].</item>
/// <item>v1 (version1_export): 256-byte header — u32 magic "ak42" (0x616b3432), i32 version 1, the 7 i32 params, u8
/// shared_classifier — then attention_norm ×L, ffn_norm ×L, norm, tok_embeddings, wq ×L, wk ×L, wv ×L, wo ×L,
/// w1 ×L, w2 ×L, w3 ×L, [output].</item>
/// </list>
/// Weights keep Meta's names here; the importer maps them to Hugging Face's.
/// </summary>
internal sealed class Llama2cCheckpoint
{
    public const uint Magic = 0x616b3432;
    private const int LegacyHeaderBytes = 7 * 4;
    private const int VersionedHeaderBytes = 256;

    private Llama2cCheckpoint(int version, int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocabSize, int seqLen, bool shared)
    {
        Version = version;
        Dim = dim;
        HiddenDim = hiddenDim;
        Layers = layers;
        Heads = heads;
        KvHeads = kvHeads;
        VocabSize = vocabSize;
        SeqLen = seqLen;
        SharedClassifier = shared;
    }

    public int Version { get; }

    public int Dim { get; }

    public int HiddenDim { get; }

    public int Layers { get; }

    public int Heads { get; }

    public int KvHeads { get; }

    public int VocabSize { get; }

    public int SeqLen { get; }

    public bool SharedClassifier { get; }

    public int HeadDim => Dim / Heads;

    /// <summary>Reads the header and every weight. The caller owns the tensors (use a dispose scope).</summary>
    public static (Llama2cCheckpoint Checkpoint, Dictionary<string, torch.Tensor> Weights) Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var header = new byte[VersionedHeaderBytes];
        var headerRead = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (headerRead < LegacyHeaderBytes)
        {
            throw new CheckpointFormatException(path, $"truncated: {headerRead} bytes cannot hold a llama2.c header ({LegacyHeaderBytes} bytes).");
        }

        var checkpoint = ParseHeader(header[..headerRead], path, out var dataStart);
        checkpoint.CheckSize(stream.Length, dataStart, path);
        stream.Position = dataStart;

        var weights = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        var reader = new WeightReader(stream, path, weights);
        long d = checkpoint.Dim, h = checkpoint.HiddenDim, v = checkpoint.VocabSize, kv = (long)checkpoint.KvHeads * checkpoint.HeadDim;
        try
        {
            if (checkpoint.Version == 0)
            {
                reader.Read("tok_embeddings.weight", v, d);
                checkpoint.ReadStack(reader, "attention_norm.weight", d);
                checkpoint.ReadStack(reader, "attention.wq.weight", d, d);
                checkpoint.ReadStack(reader, "attention.wk.weight", kv, d);
                checkpoint.ReadStack(reader, "attention.wv.weight", kv, d);
                checkpoint.ReadStack(reader, "attention.wo.weight", d, d);
                checkpoint.ReadStack(reader, "ffn_norm.weight", d);
                checkpoint.ReadStack(reader, "feed_forward.w1.weight", h, d);
                checkpoint.ReadStack(reader, "feed_forward.w2.weight", d, h);
                checkpoint.ReadStack(reader, "feed_forward.w3.weight", h, d);
                reader.Read("norm.weight", d);
                // freqs_cos and freqs_sin: RoPE tables a Hugging Face model recomputes from rope_theta.
                reader.Skip((long)checkpoint.SeqLen * (checkpoint.HeadDim / 2) * 4 * 2);
            }
            else
            {
                checkpoint.ReadStack(reader, "attention_norm.weight", d);
                checkpoint.ReadStack(reader, "ffn_norm.weight", d);
                reader.Read("norm.weight", d);
                reader.Read("tok_embeddings.weight", v, d);
                checkpoint.ReadStack(reader, "attention.wq.weight", d, d);
                checkpoint.ReadStack(reader, "attention.wk.weight", kv, d);
                checkpoint.ReadStack(reader, "attention.wv.weight", kv, d);
                checkpoint.ReadStack(reader, "attention.wo.weight", d, d);
                checkpoint.ReadStack(reader, "feed_forward.w1.weight", h, d);
                checkpoint.ReadStack(reader, "feed_forward.w2.weight", d, h);
                checkpoint.ReadStack(reader, "feed_forward.w3.weight", h, d);
            }

            if (!checkpoint.SharedClassifier)
            {
                reader.Read("output.weight", v, d);
            }

            return (checkpoint, weights);
        }
        catch
        {
            foreach (var tensor in weights.Values)
            {
                tensor.Dispose();
            }

            throw;
        }
    }

    private static Llama2cCheckpoint ParseHeader(byte[] header, string path, out int dataStart)
    {
        int I32(int at) => BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(at));
        int version;
        int paramsAt;
        bool? sharedFlag = null;
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) == Magic)
        {
            if (header.Length < VersionedHeaderBytes)
            {
                throw new CheckpointFormatException(path, $"truncated: the \"ak42\" header needs {VersionedHeaderBytes} bytes, the file has {header.Length}.");
            }

            version = I32(4);
            if (version != 1)
            {
                throw new CheckpointFormatException(path, $"llama2.c format version {version} is not supported (only float32 v0 and v1; v2 is Q8_0-quantised).");
            }

            paramsAt = 8;
            sharedFlag = header[8 + (7 * 4)] switch
            {
                0 => false,
                1 => true,
                var b => throw new CheckpointFormatException(path, $"shared_classifier flag at offset 36 is {b}; expected 0 or 1."),
            };
            dataStart = VersionedHeaderBytes;
        }
        else
        {
            version = 0;
            paramsAt = 0;
            dataStart = LegacyHeaderBytes;
        }

        int dim = I32(paramsAt), hidden = I32(paramsAt + 4), layers = I32(paramsAt + 8), heads = I32(paramsAt + 12);
        int kvHeads = I32(paramsAt + 16), vocab = I32(paramsAt + 20), seqLen = I32(paramsAt + 24);
        var shared = sharedFlag ?? vocab > 0;
        vocab = Math.Abs(vocab);

        var plausible = dim > 0 && hidden > 0 && layers > 0 && heads > 0 && kvHeads > 0 && vocab > 0 && seqLen > 0
            && dim <= 1 << 16 && hidden <= 1 << 18 && layers <= 1 << 10 && vocab <= 1 << 22 && seqLen <= 1 << 24
            && dim % heads == 0 && heads % kvHeads == 0 && (dim / heads) % 2 == 0;
        if (!plausible)
        {
            throw new CheckpointFormatException(
                path,
                $"header (dim {dim}, hidden_dim {hidden}, n_layers {layers}, n_heads {heads}, n_kv_heads {kvHeads}, vocab_size {vocab}, seq_len {seqLen}) is not a valid llama2.c model; is this a llama2.c .bin checkpoint?");
        }

        return new Llama2cCheckpoint(version, dim, hidden, layers, heads, kvHeads, vocab, seqLen, shared);
    }

    private void CheckSize(long fileLength, int dataStart, string path)
    {
        long d = Dim, h = HiddenDim, v = VocabSize, kv = (long)KvHeads * HeadDim;
        var perLayer = d + (d * d) + (2 * kv * d) + (d * d) + d + (3 * h * d);
        var floats = (v * d) + (Layers * perLayer) + d;
        if (Version == 0)
        {
            floats += (long)SeqLen * (HeadDim / 2) * 2;
        }

        if (!SharedClassifier)
        {
            floats += v * d;
        }

        var expected = dataStart + (floats * 4);
        if (fileLength != expected)
        {
            throw new CheckpointFormatException(
                path,
                $"is {fileLength} bytes, but a v{Version} checkpoint with this header (dim {Dim}, hidden {HiddenDim}, {Layers} layers, vocab {VocabSize}, seq_len {SeqLen}, {(SharedClassifier ? "shared" : "separate")} classifier) has {expected}; the file is truncated or the header is wrong.");
        }
    }

    private void ReadStack(WeightReader reader, string suffix, params long[] shape)
    {
        for (var i = 0; i < Layers; i++)
        {
            reader.Read($"layers.{i}.{suffix}", shape);
        }
    }

    private sealed class WeightReader(FileStream stream, string path, Dictionary<string, torch.Tensor> weights)
    {
        public void Read(string name, params long[] shape)
        {
            var bytes = shape.Aggregate(4L, (a, b) => a * b);
            if (bytes > int.MaxValue)
            {
                throw new CheckpointFormatException(path, $"weight '{name}' is {bytes} bytes; tensors above 2 GB are not supported by this importer.");
            }

            var buffer = new byte[bytes];
            var at = stream.Position;
            if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) != buffer.Length)
            {
                throw new CheckpointFormatException(path, $"truncated while reading weight '{name}' at offset {at}.");
            }

            weights.Add(name, TensorBytes.FromBytes(buffer, torch.ScalarType.Float32, shape));
        }

        public void Skip(long bytes) => stream.Seek(bytes, SeekOrigin.Current);
    }
}

using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Llama;

/// <summary>The decoder stack (<c>model.*</c> keys): token embeddings, the layers and the final norm.</summary>
public sealed class LlamaModel : nn.Module
{
    private readonly Embedding embed_tokens;
    private readonly ModuleList<LlamaDecoderLayer> layers;
    private readonly LlamaRmsNorm norm;
    private readonly RotaryEmbedding _rotary;
    private readonly LlamaConfig _config;

    public LlamaModel(LlamaConfig config, ScalarType dtype, LinearFactory linear)
        : base(nameof(LlamaModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        embed_tokens = nn.Embedding(config.VocabSize, config.HiddenSize, dtype: dtype);
        layers = nn.ModuleList<LlamaDecoderLayer>();
        for (var i = 0; i < config.NumHiddenLayers; i++)
        {
            layers.Add(new LlamaDecoderLayer(config, dtype, $"model.layers.{i}", linear));
        }

        norm = new LlamaRmsNorm(config.HiddenSize, config.RmsNormEps, dtype);
        _rotary = new RotaryEmbedding(config.HeadDim, config.RopeTheta, config.RopeScaling);
        RegisterComponents();
    }

    /// <summary>
    /// Whether a forward pass that builds a graph keeps only each layer's input and recomputes the layer in backward
    /// (<see cref="LayerCheckpoint"/>): activation memory of one layer instead of all, for one extra forward pass.
    /// </summary>
    public bool CheckpointLayers { get; set; }

    /// <summary>The embedding matrix, shared with the output projection when embeddings are tied.</summary>
    public Parameter EmbeddingWeight => embed_tokens.weight!;

    /// <summary>
    /// Runs the stack over <paramref name="inputIds"/> [B, T] and returns the final hidden states [B, T, hidden].
    /// With a cache, positions continue from <see cref="KvCache.Length"/> and the cache is advanced by T.
    /// </summary>
    /// <param name="mask">optional boolean attention mask [B, 1, T, S] (true = may attend) for padded or packed batches;
    /// when null, attention is causal (and, for Mistral, limited to the sliding window).</param>
    public Tensor forward(Tensor inputIds, KvCache? cache = null, Tensor? mask = null)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        using var scope = NewDisposeScope();
        var length = inputIds.shape[1];
        var past = cache?.Length ?? 0;
        var hidden = embed_tokens.forward(inputIds);
        var (cos, sin) = _rotary.Tables(past, length, hidden.dtype);
        mask ??= CausalMask(past, length);
        var checkpoint = CheckpointLayers && cache is null && is_grad_enabled();
        for (var i = 0; i < layers.Count; i++)
        {
            hidden = checkpoint
                ? LayerCheckpoint.Apply(layers[i], hidden, cos, sin, mask, i)
                : layers[i].forward(hidden, cos, sin, mask, cache, i);
        }

        cache?.Advance(length);
        return norm.forward(hidden).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The explicit causal mask, or null when the attention kernel's own causal flag suffices: no past positions (or a
    /// single new token) and no sliding window that cuts in.
    /// </summary>
    private Tensor? CausalMask(long past, long length)
    {
        var total = past + length;
        var window = _config.SlidingWindow;
        var windowCuts = window is { } w && total > w;
        if (!windowCuts && (past == 0 || length == 1))
        {
            return null;
        }

        var query = arange(past, total, dtype: ScalarType.Int64).unsqueeze(1);
        var key = arange(0, total, dtype: ScalarType.Int64).unsqueeze(0);
        var allowed = key <= query;
        if (windowCuts)
        {
            allowed = allowed.logical_and(key > query - window!.Value);
        }

        return allowed;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _rotary.Dispose();
        }

        base.Dispose(disposing);
    }
}

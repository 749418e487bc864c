using Sharpen.Modeling.Checkpoints;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Llama;

/// <summary>
/// A Llama-family causal language model: <c>model.*</c> plus <c>lm_head</c> (absent when embeddings are tied, in which
/// case the logits use <c>model.embed_tokens.weight</c>). Loading is strict: every checkpoint key must match a
/// parameter by name and shape, and every parameter must be in the checkpoint.
/// </summary>
public sealed class LlamaForCausalLM : nn.Module
{
    private readonly LlamaModel model;
    private readonly Linear? lm_head;

    /// <param name="config">the architecture</param>
    /// <param name="dtype">weight and compute dtype</param>
    /// <param name="linear">builds each decoder projection (default: plain linear layers)</param>
    public LlamaForCausalLM(LlamaConfig config, ScalarType dtype = ScalarType.Float32, LinearFactory? linear = null)
        : base(nameof(LlamaForCausalLM))
    {
        ArgumentNullException.ThrowIfNull(config);
        if (dtype is not (ScalarType.Float32 or ScalarType.BFloat16 or ScalarType.Float16))
        {
            throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Models run in float32, bfloat16 or float16.");
        }

        Config = config;
        DType = dtype;
        model = new LlamaModel(config, dtype, linear ?? Linears.Plain);
        if (!config.TieWordEmbeddings)
        {
            lm_head = nn.Linear(config.HiddenSize, config.VocabSize, hasBias: false, dtype: dtype);
        }

        RegisterComponents();
    }

    public LlamaConfig Config { get; }

    /// <summary>The dtype weights are stored and computed in.</summary>
    public ScalarType DType { get; }

    /// <summary>
    /// Activation (gradient) checkpointing per decoder layer while training: a step holds one layer's activations
    /// instead of all of them and pays one extra forward pass. Off by default.
    /// </summary>
    public bool GradientCheckpointing
    {
        get => model.CheckpointLayers;
        set => model.CheckpointLayers = value;
    }

    /// <summary>
    /// Logits for <paramref name="inputIds"/> [B, T]. With <paramref name="lastPositionOnly"/> only the final position is
    /// projected ([B, 1, vocab]) — what generation needs, and much cheaper for a long prompt and a large vocabulary.
    /// </summary>
    public Tensor forward(Tensor inputIds, KvCache? cache = null, Tensor? mask = null, bool lastPositionOnly = false)
    {
        using var scope = NewDisposeScope();
        var hidden = Hidden(inputIds, cache, mask);
        if (lastPositionOnly)
        {
            hidden = hidden.narrow(1, hidden.shape[1] - 1, 1);
        }

        return nn.functional.linear(hidden, OutputWeight).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The final (normed) hidden states [B, T, hidden] that <see cref="forward"/> projects onto the vocabulary with
    /// <see cref="OutputWeight"/>. Training uses them to score only the target positions, a slice of rows at a time,
    /// instead of materialising [B, T, vocab] logits.
    /// </summary>
    public Tensor Hidden(Tensor inputIds, KvCache? cache = null, Tensor? mask = null) => model.forward(inputIds, cache, mask);

    /// <summary>The output projection [vocab, hidden]: <c>lm_head.weight</c>, or the embedding matrix when tied.</summary>
    public Parameter OutputWeight => lm_head?.weight ?? model.EmbeddingWeight;

    /// <summary>A cache sized for this model.</summary>
    public KvCache CreateCache(long batch, long capacity) =>
        new(Config.NumHiddenLayers, batch, Config.NumKeyValueHeads, Math.Min(capacity, Config.MaxPositionEmbeddings), Config.HeadDim, DType);

    /// <summary>
    /// Loads a Hugging Face model folder (<c>config.json</c> + <c>model.safetensors</c> or a sharded index) into a new
    /// model of <paramref name="dtype"/>. Weights are read and copied one tensor at a time, so peak memory stays near
    /// one copy of the model.
    /// </summary>
    /// <param name="allowMissing">parameters the checkpoint may lack (e.g. LoRA adapters added by <paramref name="linear"/>);
    /// they keep their initial values. Null keeps loading fully strict.</param>
    public static LlamaForCausalLM FromPretrained(
        string directory,
        ScalarType dtype = ScalarType.Float32,
        LinearFactory? linear = null,
        Func<string, bool>? allowMissing = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Model folder '{directory}' does not exist.");
        }

        var configPath = Path.Combine(directory, "config.json");
        if (!File.Exists(configPath))
        {
            throw new FileNotFoundException($"'{directory}' is not a model folder: it has no config.json.", configPath);
        }

        var config = LlamaConfig.Load(configPath);
        using var checkpoint = SafetensorsCheckpoint.Load(directory);
        var model = new LlamaForCausalLM(config, dtype, linear);
        try
        {
            model.LoadWeights(
                checkpoint.Names,
                name => checkpoint.GetInfo(name).Shape,
                name => checkpoint.ReadTensor(name),
                checkpoint.Location,
                allowMissing);
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Copies <paramref name="weights"/> into the parameters (converting dtype as needed). Fails, listing the names, if any
    /// key is missing or unexpected or any shape differs — a silently half-loaded model is worse than an error.
    /// </summary>
    /// <param name="allowMissing">parameters <paramref name="weights"/> may lack; null keeps loading fully strict.</param>
    public void LoadWeights(IReadOnlyDictionary<string, Tensor> weights, string source, Func<string, bool>? allowMissing = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        LoadWeights([.. weights.Keys], name => weights[name].shape, name => weights[name].alias(), source, allowMissing);
    }

    /// <summary>
    /// Strict loading from any source: <paramref name="names"/> and <paramref name="shapeOf"/> are checked against the
    /// parameters before anything is read; <paramref name="read"/> returns a tensor the loader disposes after copying.
    /// </summary>
    /// <param name="allowMissing">parameters the source may lack (e.g. LoRA adapters, which a base checkpoint cannot hold);
    /// those keep their initial values. Unexpected keys and shape mismatches are still errors. Null keeps loading fully
    /// strict.</param>
    public void LoadWeights(
        IReadOnlyCollection<string> names,
        Func<string, IReadOnlyList<long>> shapeOf,
        Func<string, Tensor> read,
        string source,
        Func<string, bool>? allowMissing = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(shapeOf);
        ArgumentNullException.ThrowIfNull(read);
        var parameters = named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        var available = names.ToHashSet(StringComparer.Ordinal);
        if (KeyMismatch.Describe(parameters.Keys, available, allowMissing) is { } mismatch)
        {
            throw new ModelLoadException($"{source}: the checkpoint does not match the {Config.ModelType} architecture in config.json; {mismatch}.");
        }

        var present = parameters.Where(p => available.Contains(p.Key)).ToList();
        var mismatched = present
            .Where(p => !p.Value.shape.SequenceEqual(shapeOf(p.Key)))
            .Select(p => $"{p.Key} is [{string.Join(", ", shapeOf(p.Key))}] but the config implies [{string.Join(", ", p.Value.shape)}]")
            .ToList();
        if (mismatched.Count > 0)
        {
            throw new ModelLoadException($"{source}: shape mismatch: {string.Join("; ", mismatched)}.");
        }

        using (no_grad())
        {
            foreach (var (name, parameter) in present)
            {
                using var value = read(name);
                parameter.copy_(value);
            }
        }
    }
}

using static TorchSharp.torch;

namespace Sharpen.Modeling.Llama;

/// <summary>One pre-norm block: <c>x + self_attn(input_layernorm(x))</c>, then <c>x + mlp(post_attention_layernorm(x))</c>.</summary>
public sealed class LlamaDecoderLayer : nn.Module
{
    private readonly LlamaAttention self_attn;
    private readonly LlamaMlp mlp;
    private readonly LlamaRmsNorm input_layernorm;
    private readonly LlamaRmsNorm post_attention_layernorm;

    public LlamaDecoderLayer(LlamaConfig config, ScalarType dtype, string path, LinearFactory linear)
        : base(nameof(LlamaDecoderLayer))
    {
        ArgumentNullException.ThrowIfNull(config);
        self_attn = new LlamaAttention(config, dtype, $"{path}.self_attn", linear);
        mlp = new LlamaMlp(config.HiddenSize, config.IntermediateSize, config.MlpBias, dtype, $"{path}.mlp", linear);
        input_layernorm = new LlamaRmsNorm(config.HiddenSize, config.RmsNormEps, dtype);
        post_attention_layernorm = new LlamaRmsNorm(config.HiddenSize, config.RmsNormEps, dtype);
        RegisterComponents();
    }

    public Tensor forward(Tensor hidden, Tensor cos, Tensor sin, Tensor? mask, KvCache? cache, int layer)
    {
        using var scope = NewDisposeScope();
        var attended = self_attn.forward(input_layernorm.forward(hidden), cos, sin, mask, cache, layer);
        var h = hidden + attended;
        var output = h + mlp.forward(post_attention_layernorm.forward(h));
        return output.MoveToOuterDisposeScope();
    }
}

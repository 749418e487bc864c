using static TorchSharp.torch;

namespace Sharpen.Modeling.Llama;

/// <summary>SwiGLU feed-forward: <c>down_proj(silu(gate_proj(x)) * up_proj(x))</c> (the gate fused for bfloat16: <see cref="BFloat16SwiGlu"/>).</summary>
public sealed class LlamaMlp : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> gate_proj;
    private readonly nn.Module<Tensor, Tensor> up_proj;
    private readonly nn.Module<Tensor, Tensor> down_proj;

    public LlamaMlp(int hiddenSize, int intermediateSize, bool bias, ScalarType dtype, string path, LinearFactory linear)
        : base(nameof(LlamaMlp))
    {
        ArgumentNullException.ThrowIfNull(linear);
        gate_proj = linear($"{path}.gate_proj", hiddenSize, intermediateSize, bias, dtype);
        up_proj = linear($"{path}.up_proj", hiddenSize, intermediateSize, bias, dtype);
        down_proj = linear($"{path}.down_proj", intermediateSize, hiddenSize, bias, dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var gate = gate_proj.forward(input);
        using var up = up_proj.forward(input);
        if (BFloat16SwiGlu.IsSupported(gate, up))
        {
            using var gated = BFloat16SwiGlu.Apply(gate, up);
            return down_proj.forward(gated);
        }

        return down_proj.forward(OperatorPath(gate, up));
    }

    private static Tensor OperatorPath(Tensor gate, Tensor up)
    {
        using var activated = nn.functional.silu(gate);
        return activated * up;
    }
}

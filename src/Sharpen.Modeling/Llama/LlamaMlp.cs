using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Llama;

/// <summary>SwiGLU feed-forward: <c>down_proj(silu(gate_proj(x)) * up_proj(x))</c>.</summary>
public sealed class LlamaMlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear gate_proj;
    private readonly Linear up_proj;
    private readonly Linear down_proj;

    public LlamaMlp(int hiddenSize, int intermediateSize, bool bias, ScalarType dtype)
        : base(nameof(LlamaMlp))
    {
        gate_proj = nn.Linear(hiddenSize, intermediateSize, hasBias: bias, dtype: dtype);
        up_proj = nn.Linear(hiddenSize, intermediateSize, hasBias: bias, dtype: dtype);
        down_proj = nn.Linear(intermediateSize, hiddenSize, hasBias: bias, dtype: dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var gate = gate_proj.forward(input);
        using var activated = nn.functional.silu(gate);
        using var up = up_proj.forward(input);
        using var product = activated * up;
        return down_proj.forward(product);
    }
}

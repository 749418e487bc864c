using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Llama;

/// <summary>
/// Root-mean-square layer norm as in transformers' <c>LlamaRMSNorm</c>: normalise in fp32, cast back to the input
/// dtype, then scale — the order matters for bf16 parity with the reference. bfloat16 runs the same arithmetic as one
/// fused pass (<see cref="BFloat16RmsNorm"/>).
/// </summary>
public sealed class LlamaRmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly double _eps;

    public LlamaRmsNorm(int hiddenSize, double eps, ScalarType dtype)
        : base(nameof(LlamaRmsNorm))
    {
        weight = nn.Parameter(ones(hiddenSize, dtype: dtype));
        _eps = eps;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (BFloat16RmsNorm.IsSupported(input, weight))
        {
            return BFloat16RmsNorm.Apply(input, weight, _eps);
        }

        using var scope = NewDisposeScope();
        var x = input.to_type(ScalarType.Float32);
        var variance = x.pow(2).mean([-1L], keepdim: true);
        var normed = x * rsqrt(variance + _eps);
        return (weight * normed.to_type(input.dtype)).MoveToOuterDisposeScope();
    }
}

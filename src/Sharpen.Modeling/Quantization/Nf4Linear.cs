using static TorchSharp.torch;

namespace Sharpen.Modeling.Quantization;

/// <summary>
/// <c>x·Wᵀ</c> for a frozen NF4 weight W that autograd never holds in full precision: forward dequantises W into the
/// input's dtype, multiplies and drops it; backward dequantises it again for the one gradient a frozen base needs,
/// <c>∂L/∂x = ∂L/∂y · W</c>. Plain <c>linear(x, Dequantize(W))</c> gives the same values, but autograd then keeps every
/// layer's dequantised weight from forward until backward — a full bf16 (or fp32) copy of the base for the whole step,
/// which is what QLoRA's 4-bit storage exists to avoid. The cost is one extra dequantisation per layer per step.
/// </summary>
public static class Nf4Linear
{
    /// <summary><c>input·Wᵀ</c> with W = <paramref name="weight"/> dequantised to the input's dtype; differentiable in
    /// <paramref name="input"/> only (W is frozen).</summary>
    public static Tensor Apply(Tensor input, Nf4Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Shape.Count != 2 || weight.Shape[1] != input.shape[^1])
        {
            throw new ArgumentException($"An NF4 linear weight must be [out, {input.shape[^1]}], not [{string.Join(", ", weight.Shape)}].", nameof(weight));
        }

        return Function.apply(input, weight);
    }

    private sealed class Function : autograd.SingleTensorFunction<Function>
    {
        private const string WeightKey = "weight";

        public override string Name => nameof(Nf4Linear);

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var input = (Tensor)vars[0];
            var weight = (Nf4Tensor)vars[1];
            ctx.save_data(WeightKey, weight);
            using var scope = NewDisposeScope();
            var dequantized = Nf4.Dequantize(weight, input.dtype);
            return nn.functional.linear(input, dequantized).MoveToOuterDisposeScope();
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var weight = (Nf4Tensor)ctx.get_data(WeightKey);
            using var scope = NewDisposeScope();
            var dequantized = Nf4.Dequantize(weight, grad_output.dtype);
            var gradInput = grad_output.matmul(dequantized).MoveToOuterDisposeScope();

            // One entry per forward argument: the weight is not a tensor input, so it gets none.
            return [gradInput, null!];
        }
    }
}

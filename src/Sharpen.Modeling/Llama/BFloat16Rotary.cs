using System.Runtime.Intrinsics;
using Sharpen.Modeling.Runtime;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Llama;

/// <summary>
/// Rotary embedding for bfloat16 training as one pass: reads a projection's output [B, T, heads·D] and writes the
/// rotated heads as [B, heads, T, D], optionally times a scale. Per head, with halves 1 and 2 of the head dimension,
/// y₁ = s·(x₁·cos₁ − x₂·sin₁) and y₂ = s·(x₂·cos₂ + x₁·sin₂) — <see cref="RotaryEmbedding.Apply"/>'s
/// x·cos + rotate_half(x)·sin — computed in float32 and rounded once; backward is the transposed rotation,
/// ∂x₁ = s·(∂y₁·cos₁ + ∂y₂·sin₂), ∂x₂ = s·(∂y₂·cos₂ − ∂y₁·sin₁).
/// </summary>
/// <remarks>
/// As libtorch operations the same work is a transposed view, a negation, a concatenation, two products and a sum
/// forward, as many backward, and then a copy to make the heads contiguous for the attention products, each a pass
/// over the queries or keys: about 7 ms of CPU per decoder layer's forward + backward at the SmolLM2-135M training
/// shape, one thread. The attention's power-of-two score scale folds in for free (exact, see
/// <see cref="LlamaAttention"/>). The operator path rounds x·cos and rotate_half(x)·sin to bfloat16 before adding;
/// this one does not, so results may differ in the last bfloat16 place. Needs 512-bit vectors (<see cref="IsSupported"/>).
/// </remarks>
internal static class BFloat16Rotary
{
    private const int Block = 32;

    public static bool IsSupported(Tensor projected, Tensor cos) =>
        TensorMemory.IsFusable(projected) && TensorMemory.IsFusable(cos) && projected.dim() == 3;

    /// <param name="projected">[B, T, heads·D]</param>
    /// <param name="heads">number of heads</param>
    /// <param name="cos">[T, D]</param>
    /// <param name="sin">[T, D]</param>
    /// <param name="scale">multiplies the result (1 for none)</param>
    /// <returns>[B, heads, T, D], contiguous</returns>
    public static Tensor Apply(Tensor projected, int heads, Tensor cos, Tensor sin, double scale) =>
        Function.apply(projected, cos, sin, heads, (float)scale);

    private sealed record Shape(long Batch, long Length, long Heads, long HeadDim);

    private sealed class Function : autograd.SingleTensorFunction<Function>
    {
        public override string Name => nameof(BFloat16Rotary);

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var projected = ((Tensor)vars[0]).contiguous();
            var cos = ((Tensor)vars[1]).contiguous();
            var sin = ((Tensor)vars[2]).contiguous();
            var heads = (int)vars[3];
            var scale = (float)vars[4];
            var shape = new Shape(projected.shape[0], projected.shape[1], heads, projected.shape[2] / heads);
            var output = empty([shape.Batch, heads, shape.Length, shape.HeadDim], dtype: ScalarType.BFloat16);
            Run(shape, TensorMemory.Address(projected), TensorMemory.Address(output), TensorMemory.Address(cos), TensorMemory.Address(sin), scale, backward: false);
            projected.Dispose();
            ctx.save_for_backward([cos, sin]);
            ctx.save_data(nameof(Shape), shape);
            ctx.save_data(nameof(scale), scale);
            return output;
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var saved = ctx.get_saved_variables();
            var shape = (Shape)ctx.get_data(nameof(Shape));
            var scale = (float)ctx.get_data("scale");
            using var scope = NewDisposeScope();
            var gradOutput = grad_output.to(ScalarType.BFloat16).contiguous();
            var gradInput = empty([shape.Batch, shape.Length, shape.Heads * shape.HeadDim], dtype: ScalarType.BFloat16);
            Run(shape, TensorMemory.Address(gradOutput), TensorMemory.Address(gradInput), TensorMemory.Address(saved[0]), TensorMemory.Address(saved[1]), scale, backward: true);
            foreach (var tensor in saved)
            {
                tensor.Dispose();
            }

            // One entry per forward argument: projected, cos, sin, heads, scale.
            return [gradInput.MoveToOuterDisposeScope(), null!, null!, null!, null!];
        }
    }

    /// <summary>
    /// Forward: source [B, T, H, D] → destination [B, H, T, D]. Backward: source ∂y [B, H, T, D] → destination ∂x
    /// [B, T, H, D]. The rotation per (batch, position, head) row is the same loop with the sine's sign flipped.
    /// </summary>
    private static unsafe void Run(Shape shape, IntPtr source, IntPtr destination, IntPtr cosAddress, IntPtr sinAddress, float scale, bool backward)
    {
        var rows = shape.Batch * shape.Length * shape.Heads;
        TensorMemory.ForRanges(rows, TensorMemory.RangeSizeForThreads(rows), (_, start, end) =>
        {
            for (var row = start; row < end; row++)
            {
                // row enumerates (b, t, h) in the [B, T, H] order of the projection.
                var h = row % shape.Heads;
                var t = row / shape.Heads % shape.Length;
                var b = row / shape.Heads / shape.Length;
                var projectedOffset = row * shape.HeadDim;
                var headsOffset = (((b * shape.Heads) + h) * shape.Length + t) * shape.HeadDim;
                var input = (ushort*)source + (backward ? headsOffset : projectedOffset);
                var output = (ushort*)destination + (backward ? projectedOffset : headsOffset);
                var half = shape.HeadDim / 2;
                var cos = (ushort*)cosAddress + (t * shape.HeadDim);
                var sin = (ushort*)sinAddress + (t * shape.HeadDim);
                // The transpose swaps which half of the sine each output half uses, and its sign.
                Rotate(input, output, cos, backward ? sin + half : sin, backward ? sin : sin + half, half, scale, backward ? -1f : 1f);
            }
        });
    }

    /// <summary>out₁ = s·(in₁·cos₁ − σ·in₂·sinA), out₂ = s·(in₂·cos₂ + σ·in₁·sinB) with σ = ±1.</summary>
    private static unsafe void Rotate(ushort* input, ushort* output, ushort* cos, ushort* sinA, ushort* sinB, long half, float scale, float sign)
    {
        var blocks = half / Block * Block;
        var s = Vector512.Create(scale);
        var signedScale = Vector512.Create(scale * sign);
        for (long j = 0; j < blocks; j += Block)
        {
            var (a1, b1) = TensorMemory.LoadBFloat16(input + j);
            var (a2, b2) = TensorMemory.LoadBFloat16(input + half + j);
            var (ca1, cb1) = TensorMemory.LoadBFloat16(cos + j);
            var (ca2, cb2) = TensorMemory.LoadBFloat16(cos + half + j);
            var (sa1, sb1) = TensorMemory.LoadBFloat16(sinA + j);
            var (sa2, sb2) = TensorMemory.LoadBFloat16(sinB + j);
            TensorMemory.StoreBFloat16((s * a1 * ca1) - (signedScale * a2 * sa1), (s * b1 * cb1) - (signedScale * b2 * sb1), output + j);
            TensorMemory.StoreBFloat16((s * a2 * ca2) + (signedScale * a1 * sa2), (s * b2 * cb2) + (signedScale * b1 * sb2), output + half + j);
        }

        for (var j = blocks; j < half; j++)
        {
            var x1 = TensorMemory.FromBFloat16(input[j]);
            var x2 = TensorMemory.FromBFloat16(input[half + j]);
            var c1 = TensorMemory.FromBFloat16(cos[j]);
            var c2 = TensorMemory.FromBFloat16(cos[half + j]);
            var s1 = TensorMemory.FromBFloat16(sinA[j]);
            var s2 = TensorMemory.FromBFloat16(sinB[j]);
            output[j] = TensorMemory.ToBFloat16((scale * x1 * c1) - (scale * sign * x2 * s1));
            output[half + j] = TensorMemory.ToBFloat16((scale * x2 * c2) + (scale * sign * x1 * s2));
        }
    }
}

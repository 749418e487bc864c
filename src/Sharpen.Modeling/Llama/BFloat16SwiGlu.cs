using System.Runtime.Intrinsics;
using Sharpen.Modeling.Runtime;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Llama;

/// <summary>
/// SwiGLU's gate for bfloat16 training as one pass each way: h = silu(g) · u with silu(g) = g · σ(g), and backward
/// ∂u = ∂h · silu(g), ∂g = ∂h · u · σ(g) · (1 + g · (1 − σ(g))), in float32, rounded once. As libtorch operations
/// that is silu and a product forward and silu's backward plus two products backward, each a pass over the
/// [tokens, intermediate] activations (1024 × 1536 at the SmolLM2-135M training shape).
/// </summary>
/// <remarks>
/// The operator path rounds silu(g) to bfloat16 before the product; this one does not, so results may differ in the
/// last bfloat16 place. float32 keeps the operator path. Needs 512-bit vectors (<see cref="IsSupported"/>).
/// </remarks>
internal static class BFloat16SwiGlu
{
    private const long Block = 32;

    /// <summary>Elements per parallel chunk (a multiple of <see cref="Block"/>).</summary>
    private const long ChunkElements = 1L << 16;

    public static bool IsSupported(Tensor gate, Tensor up) =>
        TensorMemory.IsFusable(gate) && TensorMemory.IsFusable(up) && gate.shape.SequenceEqual(up.shape);

    public static Tensor Apply(Tensor gate, Tensor up) => Function.apply(gate, up);

    private sealed class Function : autograd.SingleTensorFunction<Function>
    {
        public override string Name => nameof(BFloat16SwiGlu);

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var gate = ((Tensor)vars[0]).contiguous();
            var up = ((Tensor)vars[1]).contiguous();
            var output = empty_like(gate);
            var (g, u, h) = (TensorMemory.Address(gate), TensorMemory.Address(up), TensorMemory.Address(output));
            TensorMemory.ForRanges(gate.numel(), ChunkElements, (_, start, end) => Forward(g, u, h, start, end));
            ctx.save_for_backward([gate, up]);
            return output;
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var saved = ctx.get_saved_variables();
            using var scope = NewDisposeScope();
            var (gate, up) = (saved[0], saved[1]);
            var gradOutput = grad_output.to(ScalarType.BFloat16).contiguous();
            var gradGate = empty_like(gate);
            var gradUp = empty_like(up);
            var (g, u, dh) = (TensorMemory.Address(gate), TensorMemory.Address(up), TensorMemory.Address(gradOutput));
            var (dg, du) = (TensorMemory.Address(gradGate), TensorMemory.Address(gradUp));
            TensorMemory.ForRanges(gate.numel(), ChunkElements, (_, start, end) => Backward(g, u, dh, dg, du, start, end));
            foreach (var tensor in saved)
            {
                tensor.Dispose();
            }

            return [gradGate.MoveToOuterDisposeScope(), gradUp.MoveToOuterDisposeScope()];
        }
    }

    private static unsafe void Forward(IntPtr gateAddress, IntPtr upAddress, IntPtr outputAddress, long start, long end)
    {
        var g = (ushort*)gateAddress;
        var u = (ushort*)upAddress;
        var h = (ushort*)outputAddress;
        var i = start;
        for (; i + Block <= end; i += Block)
        {
            var (ga, gb) = TensorMemory.LoadBFloat16(g + i);
            var (ua, ub) = TensorMemory.LoadBFloat16(u + i);
            TensorMemory.StoreBFloat16(ga * Sigmoid(ga) * ua, gb * Sigmoid(gb) * ub, h + i);
        }

        for (; i < end; i++)
        {
            var x = TensorMemory.FromBFloat16(g[i]);
            h[i] = TensorMemory.ToBFloat16(x * Sigmoid(x) * TensorMemory.FromBFloat16(u[i]));
        }
    }

    private static unsafe void Backward(IntPtr gateAddress, IntPtr upAddress, IntPtr gradAddress, IntPtr gradGateAddress, IntPtr gradUpAddress, long start, long end)
    {
        var g = (ushort*)gateAddress;
        var u = (ushort*)upAddress;
        var dh = (ushort*)gradAddress;
        var dg = (ushort*)gradGateAddress;
        var du = (ushort*)gradUpAddress;
        var one = Vector512<float>.One;
        var i = start;
        for (; i + Block <= end; i += Block)
        {
            var (ga, gb) = TensorMemory.LoadBFloat16(g + i);
            var (ua, ub) = TensorMemory.LoadBFloat16(u + i);
            var (da, db) = TensorMemory.LoadBFloat16(dh + i);
            var (sa, sb) = (Sigmoid(ga), Sigmoid(gb));
            TensorMemory.StoreBFloat16(da * ga * sa, db * gb * sb, du + i);
            TensorMemory.StoreBFloat16(da * ua * sa * (one + (ga * (one - sa))), db * ub * sb * (one + (gb * (one - sb))), dg + i);
        }

        for (; i < end; i++)
        {
            var x = TensorMemory.FromBFloat16(g[i]);
            var s = Sigmoid(x);
            var d = TensorMemory.FromBFloat16(dh[i]);
            du[i] = TensorMemory.ToBFloat16(d * x * s);
            dg[i] = TensorMemory.ToBFloat16(d * TensorMemory.FromBFloat16(u[i]) * s * (1 + (x * (1 - s))));
        }
    }

    private static Vector512<float> Sigmoid(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-x));

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}

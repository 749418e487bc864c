using System.Runtime.Intrinsics;
using Sharpen.Modeling.Runtime;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Llama;

/// <summary>
/// <see cref="LlamaRmsNorm"/> for bfloat16 activations and weight as one pass per row forward and one backward, with
/// transformers' arithmetic: r = 1 / √(mean(x²) + ε) in float32, n = bfloat16(x · r), y = bfloat16(w · n); backward
/// ∂w = Σ_rows ∂y · n and ∂x = r · (∂y · w) − x · r³ · Σⱼ(∂y · w · x)ⱼ / D, computed in float32 and rounded once. The
/// same norm as libtorch operations is eight kernels forward (cast, square, mean, add, rsqrt, multiply, cast,
/// multiply) and about as many backward, each a pass over the activations: at the SmolLM2-135M training shape
/// (1024 × 576) that was 2 ms of each norm's forward + backward, 4 ms of a 65 ms decoder layer, and this is ~0.3 ms.
/// </summary>
/// <remarks>
/// Results can differ from the operator-by-operator path in the last bfloat16 place where that path rounds an
/// intermediate (∂y · w, ∂n) and this one does not, or sums the squares in another order. float32 keeps the operator
/// path, so the float32 reference is unchanged. Needs 512-bit vectors (<see cref="IsSupported"/>); without them the
/// operator path runs.
/// </remarks>
internal static class BFloat16RmsNorm
{
    private const int Block = 32;

    /// <summary>Whether <paramref name="input"/> and <paramref name="weight"/> take the fused path.</summary>
    public static bool IsSupported(Tensor input, Tensor weight) =>
        TensorMemory.IsFusable(input)
        && TensorMemory.IsFusable(weight)
        && weight.dim() == 1
        && input.shape[^1] == weight.shape[0];

    public static Tensor Apply(Tensor input, Tensor weight, double epsilon)
    {
        var wanted = new Wanted(is_grad_enabled() && input.requires_grad, is_grad_enabled() && weight.requires_grad);
        return Function.apply(input, weight, epsilon, wanted);
    }

    private sealed record Wanted(bool Input, bool Weight);

    private sealed class Function : autograd.SingleTensorFunction<Function>
    {
        public override string Name => nameof(BFloat16RmsNorm);

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var wanted = (Wanted)vars[3];
            using var scope = NewDisposeScope();
            var input = ((Tensor)vars[0]).contiguous();
            var weight = ((Tensor)vars[1]).contiguous();
            var epsilon = (float)(double)vars[2];
            var width = weight.shape[0];
            var rows = input.numel() / width;
            var output = empty_like(input);
            var inverse = empty([rows], dtype: ScalarType.Float32);
            var x = TensorMemory.Address(input);
            var w = TensorMemory.Address(weight);
            var y = TensorMemory.Address(output);
            var r = TensorMemory.Address(inverse);
            TensorMemory.ForRanges(rows, TensorMemory.RangeSizeForThreads(rows), (_, start, end) => Forward(x, w, y, r, start, end, width, epsilon));
            if (wanted.Input || wanted.Weight)
            {
                // Saved handles must outlive this scope; backward disposes them.
                ctx.save_for_backward([input.MoveToOuterDisposeScope(), weight.MoveToOuterDisposeScope(), inverse.MoveToOuterDisposeScope()]);
                ctx.save_data(nameof(Wanted), wanted);
            }

            return output.MoveToOuterDisposeScope();
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var saved = ctx.get_saved_variables();
            var wanted = (Wanted)ctx.get_data(nameof(Wanted));
            using var scope = NewDisposeScope();
            var (input, weight, inverse) = (saved[0], saved[1], saved[2]);
            var gradOutput = grad_output.to(ScalarType.BFloat16).contiguous();
            var width = weight.shape[0];
            var rows = input.numel() / width;
            var gradInput = wanted.Input ? empty_like(input) : null;
            // One partial ∂w per range, summed in range order afterwards: the same sum on every run, whichever thread
            // finishes first (resumed runs must reproduce an uninterrupted one bit for bit).
            var size = TensorMemory.RangeSizeForThreads(rows);
            var partials = new float[TensorMemory.RangeCount(rows, size)][];
            var x = TensorMemory.Address(input);
            var w = TensorMemory.Address(weight);
            var r = TensorMemory.Address(inverse);
            var dy = TensorMemory.Address(gradOutput);
            var dx = gradInput is null ? IntPtr.Zero : TensorMemory.Address(gradInput);
            TensorMemory.ForRanges(rows, size, (chunk, start, end) =>
            {
                var partial = wanted.Weight ? new float[width] : null;
                Backward(x, w, r, dy, dx, partial, start, end, width);
                partials[chunk] = partial!;
            });

            Tensor? gradWeight = null;
            if (wanted.Weight)
            {
                var sum = new float[width];
                foreach (var partial in partials.Where(p => p is not null))
                {
                    for (var j = 0; j < width; j++)
                    {
                        sum[j] += partial[j];
                    }
                }

                gradWeight = tensor(sum, dtype: ScalarType.Float32).to(ScalarType.BFloat16).MoveToOuterDisposeScope();
            }

            gradInput?.MoveToOuterDisposeScope();
            foreach (var tensor in saved)
            {
                tensor.Dispose();
            }

            // One entry per forward argument: input, weight, epsilon, wanted.
            return [gradInput!, gradWeight!, null!, null!];
        }
    }

    private static unsafe void Forward(IntPtr xAddress, IntPtr wAddress, IntPtr yAddress, IntPtr rAddress, long start, long end, long width, float epsilon)
    {
        var w = (ushort*)wAddress;
        var inverse = (float*)rAddress;
        var blocks = width / Block * Block;
        for (var row = start; row < end; row++)
        {
            var x = (ushort*)xAddress + (row * width);
            var y = (ushort*)yAddress + (row * width);
            var squares = Vector512<float>.Zero;
            for (long j = 0; j < blocks; j += Block)
            {
                var (a, b) = TensorMemory.LoadBFloat16(x + j);
                squares += (a * a) + (b * b);
            }

            var sum = Vector512.Sum(squares);
            for (var j = blocks; j < width; j++)
            {
                var value = TensorMemory.FromBFloat16(x[j]);
                sum += value * value;
            }

            var r = 1f / MathF.Sqrt((sum / width) + epsilon);
            inverse[row] = r;
            var scale = Vector512.Create(r);
            for (long j = 0; j < blocks; j += Block)
            {
                var (a, b) = TensorMemory.LoadBFloat16(x + j);
                var (na, nb) = RoundTrip(a * scale, b * scale);
                var (wa, wb) = TensorMemory.LoadBFloat16(w + j);
                TensorMemory.StoreBFloat16(wa * na, wb * nb, y + j);
            }

            for (var j = blocks; j < width; j++)
            {
                var normed = TensorMemory.FromBFloat16(TensorMemory.ToBFloat16(TensorMemory.FromBFloat16(x[j]) * r));
                y[j] = TensorMemory.ToBFloat16(TensorMemory.FromBFloat16(w[j]) * normed);
            }
        }
    }

    private static unsafe void Backward(IntPtr xAddress, IntPtr wAddress, IntPtr rAddress, IntPtr dyAddress, IntPtr dxAddress, float[]? gradWeight, long start, long end, long width)
    {
        var w = (ushort*)wAddress;
        var inverse = (float*)rAddress;
        var blocks = width / Block * Block;
        fixed (float* dw = gradWeight)
        {
            for (var row = start; row < end; row++)
            {
                var x = (ushort*)xAddress + (row * width);
                var dy = (ushort*)dyAddress + (row * width);
                var r = inverse[row];
                var scale = Vector512.Create(r);
                if (dw is not null)
                {
                    // ∂w += ∂y · n with n the bfloat16-rounded normed value forward multiplied by w.
                    for (long j = 0; j < blocks; j += Block)
                    {
                        var (a, b) = TensorMemory.LoadBFloat16(x + j);
                        var (na, nb) = RoundTrip(a * scale, b * scale);
                        var (ga, gb) = TensorMemory.LoadBFloat16(dy + j);
                        (Vector512.Load(dw + j) + (ga * na)).Store(dw + j);
                        (Vector512.Load(dw + j + 16) + (gb * nb)).Store(dw + j + 16);
                    }

                    for (var j = blocks; j < width; j++)
                    {
                        var normed = TensorMemory.FromBFloat16(TensorMemory.ToBFloat16(TensorMemory.FromBFloat16(x[j]) * r));
                        dw[j] += TensorMemory.FromBFloat16(dy[j]) * normed;
                    }
                }

                if (dxAddress == IntPtr.Zero)
                {
                    continue;
                }

                var dx = (ushort*)dxAddress + (row * width);
                var dots = Vector512<float>.Zero;
                for (long j = 0; j < blocks; j += Block)
                {
                    var (a, b) = TensorMemory.LoadBFloat16(x + j);
                    var (ga, gb) = TensorMemory.LoadBFloat16(dy + j);
                    var (wa, wb) = TensorMemory.LoadBFloat16(w + j);
                    dots += (ga * wa * a) + (gb * wb * b);
                }

                var dot = Vector512.Sum(dots);
                for (var j = blocks; j < width; j++)
                {
                    dot += TensorMemory.FromBFloat16(dy[j]) * TensorMemory.FromBFloat16(w[j]) * TensorMemory.FromBFloat16(x[j]);
                }

                var correction = r * r * r * dot / width;
                var correctionVector = Vector512.Create(correction);
                for (long j = 0; j < blocks; j += Block)
                {
                    var (a, b) = TensorMemory.LoadBFloat16(x + j);
                    var (ga, gb) = TensorMemory.LoadBFloat16(dy + j);
                    var (wa, wb) = TensorMemory.LoadBFloat16(w + j);
                    TensorMemory.StoreBFloat16((scale * ga * wa) - (a * correctionVector), (scale * gb * wb) - (b * correctionVector), dx + j);
                }

                for (var j = blocks; j < width; j++)
                {
                    var value = (r * TensorMemory.FromBFloat16(dy[j]) * TensorMemory.FromBFloat16(w[j])) - (TensorMemory.FromBFloat16(x[j]) * correction);
                    dx[j] = TensorMemory.ToBFloat16(value);
                }
            }
        }
    }

    private static (Vector512<float> Lower, Vector512<float> Upper) RoundTrip(Vector512<float> lower, Vector512<float> upper) =>
        (TensorMemory.RoundToBFloat16(lower), TensorMemory.RoundToBFloat16(upper));
}

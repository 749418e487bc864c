using Sharpen.Modeling.Quantization;
using Sharpen.Modeling.Tests.Adapters;
using TorchSharp;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Tests.Quantization;

/// <summary>
/// The NF4 linear autograd function against the reference it replaces: autograd's own <c>linear(x, Dequantize(W))</c>,
/// which keeps the dequantised weight for backward. Values and input gradients must agree; the function must not
/// leave tensor wrappers behind across steps.
/// </summary>
[Collection(SerialTorchCollection.Name)]
public sealed class Nf4LinearTests
{
    [Theory]
    [InlineData(ScalarType.Float32, 1e-6)]
    [InlineData(ScalarType.BFloat16, 1e-2)]
    public void ForwardAndInputGradient_EqualPlainDequantizeThenLinear(ScalarType dtype, double tolerance)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(11);
        var weight = randn([48, 96], generator: generator) * 0.05;
        using var quantized = Nf4.Quantize(weight);
        var input = randn([2, 7, 96], generator: generator).to(dtype);
        var upstream = randn([2, 7, 48], generator: generator).to(dtype);

        var x = input.detach().requires_grad_(true);
        var y = Nf4Linear.Apply(x, quantized);
        (y * upstream).sum().backward();

        var xRef = input.detach().requires_grad_(true);
        var yRef = nn.functional.linear(xRef, Nf4.Dequantize(quantized, dtype));
        (yRef * upstream).sum().backward();

        Assert.Equal(dtype, y.dtype);
        TensorAssert.BitEqual(yRef.detach(), y.detach(), "forward");
        Assert.Equal(dtype, x.grad!.dtype);
        Assert.True(x.grad.to(ScalarType.Float32).allclose(xRef.grad!.to(ScalarType.Float32), rtol: tolerance, atol: tolerance), $"max gradient difference {(x.grad - xRef.grad).abs().max().to(ScalarType.Float32).item<float>()}");
        Assert.True(x.grad.abs().sum().to(ScalarType.Float32).item<float>() > 0, "the gradient must not be trivially zero");
    }

    [Fact]
    public void Gradient_FlowsThroughToEarlierLayersOnly()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(5);
        using var quantized = Nf4.Quantize(randn([16, 32], generator: generator));
        var earlier = randn([32, 32], generator: generator).requires_grad_(true);
        var input = randn([4, 32], generator: generator);

        var hidden = input.matmul(earlier);
        Nf4Linear.Apply(hidden, quantized).pow(2).sum().backward();

        // Reference: d/dE Σ((x·E)·Wᵀ)² = xᵀ · (2·y·W), with W dequantised once.
        using var noGrad = no_grad();
        var w = Nf4.Dequantize(quantized);
        var y = input.matmul(earlier).matmul(w.t());
        var expected = input.t().matmul((y * 2).matmul(w));
        Assert.True(earlier.grad!.allclose(expected, rtol: 1e-5, atol: 1e-4));
    }

    [Fact]
    public void WithoutGradients_ReturnsTheSameValuesAndBuildsNoGraph()
    {
        using var scope = NewDisposeScope();
        using var quantized = Nf4.Quantize(randn([8, 16], generator: new Generator(2)));
        var x = randn([3, 16], generator: new Generator(3));

        var y = Nf4Linear.Apply(x, quantized);

        Assert.False(y.requires_grad);
        TensorAssert.BitEqual(nn.functional.linear(x, Nf4.Dequantize(quantized)), y, "forward");
    }

    [Fact]
    public void ManySteps_LeaveNoTensorWrappersBehind()
    {
        using var quantized = Nf4.Quantize(randn([64, 32], generator: new Generator(7)));
        var counts = new List<(long Total, long ThreadLive)>();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        for (var step = 0; step < 30; step++)
        {
            using (var scope = NewDisposeScope())
            {
                var x = randn(4, 32).requires_grad_(true);
                Nf4Linear.Apply(x, quantized).sum().backward();
                Assert.NotNull(x.grad);
            }

            counts.Add((Tensor.TotalCount, DisposeScopeManager.Statistics.ThreadTotalLiveCount));
        }

        // After a few warm-up steps the live count must not move (a leak grows it by a fixed amount every step).
        Assert.Single(counts.Skip(5).Distinct());
    }

    [Fact]
    public void WrongWeightShape_Throws()
    {
        using var quantized = Nf4.Quantize(randn(8, 16));
        using var x = randn(3, 12);

        var error = Assert.Throws<ArgumentException>(() => Nf4Linear.Apply(x, quantized));
        Assert.Contains("[out, 12]", error.Message, StringComparison.Ordinal);
    }
}

using Sharpen.Training.Optimization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sharpen.Training.Tests.Optimization;

/// <summary>
/// The sliced optimizer against TorchSharp's own AdamW (the reference: its step is torch.optim.AdamW's algorithm with
/// whole-tensor operations). Same gradients in, the parameters and both moments must come out bit for bit equal — over
/// tensors smaller than a slice, exactly one slice, and several slices with a partial last one, with weight decay on one
/// group and off on the other, across steps (so the bias corrections move).
/// </summary>
public sealed class SlicedAdamWTests
{
    [Fact]
    public void Step_EqualsTorchSharpAdamWBitForBit()
    {
        using var scope = NewDisposeScope();
        long[] sizes = [7, SlicedAdamW.SliceElements, (2 * SlicedAdamW.SliceElements) + 1001];
        var generator = new Generator(17);
        var initial = sizes.Select(n => randn([n], generator: generator)).ToList();
        var reference = initial.Select(t => new Parameter(t.clone())).ToList();
        var sliced = initial.Select(t => new Parameter(t.clone())).ToList();
        using var expected = optim.AdamW(Groups(reference), 1e-2, 0.9, 0.999, 1e-8, 0.1);
        using var actual = new SlicedAdamW(Groups(sliced), 1e-2, 0.9, 0.999, 1e-8, 0.1);

        for (var step = 0; step < 3; step++)
        {
            var gradients = sizes.Select(n => randn([n], generator: generator)).ToList();
            for (var i = 0; i < sizes.Length; i++)
            {
                SetGradient(reference[i], gradients[i]);
                SetGradient(sliced[i], gradients[i]);
            }

            expected.step();
            actual.step();
        }

        for (var i = 0; i < sizes.Length; i++)
        {
            Assert.False(reference[i].eq(initial[i]).all().item<bool>(), "the reference must have moved");
            Assert.True(reference[i].eq(sliced[i]).all().item<bool>(), $"parameter {i} ({sizes[i]} elements) differs");
        }

        var expectedState = expected.state_dict();
        var actualState = actual.state_dict();
        for (var i = 0; i < sizes.Length; i++)
        {
            var e = (AdamW.State)expectedState.State[i];
            var a = (AdamW.State)actualState.State[i];
            Assert.Equal(e.step, a.step);
            Assert.True(e.exp_avg.eq(a.exp_avg).all().item<bool>(), $"exp_avg {i}");
            Assert.True(e.exp_avg_sq.eq(a.exp_avg_sq).all().item<bool>(), $"exp_avg_sq {i}");
        }
    }

    private static AdamW.ParamGroup[] Groups(List<Parameter> parameters) =>
    [
        new AdamW.ParamGroup(parameters.Take(2), 1e-2, 0.9, 0.999, 1e-8, weight_decay: 0.1),
        new AdamW.ParamGroup(parameters.Skip(2), 1e-2, 0.9, 0.999, 1e-8, weight_decay: 0),
    ];

    // d/dp Σ(p ⊙ g) = g: sets p.grad to exactly g through autograd (TorchSharp has no grad setter).
    private static void SetGradient(Parameter parameter, Tensor gradient)
    {
        parameter.grad?.zero_();
        parameter.mul(gradient).sum().backward();
    }
}

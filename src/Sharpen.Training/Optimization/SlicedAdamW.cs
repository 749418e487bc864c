using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sharpen.Training.Optimization;

/// <summary>
/// torch.optim.AdamW's update, element for element (TorchSharp's <see cref="AdamW"/> step: decay, first and second
/// moments, bias-corrected denominator, addcdiv), applied to each parameter a slice of <see cref="SliceElements"/>
/// elements at a time instead of a whole tensor per operation. The arithmetic per element is the same, so the state,
/// checkpoints and results are those of <see cref="AdamW"/>; what changes is memory traffic. Whole-tensor operations
/// stream the parameter, gradient and both moments (4 bytes each per element) through memory once per operation — nine
/// times per step, plus a parameter-sized temporary for the denominator; a slice stays in the core's cache across all
/// nine, so each tensor is read once and written once: on this CPU the full fine-tuning optimizer step takes 2.7 times
/// less CPU time (see <see cref="SliceElements"/>).
/// </summary>
internal sealed class SlicedAdamW : AdamW
{
    /// <summary>
    /// 256 Ki elements (1 MB of float32 per tensor). Measured on the 135M-parameter shape, one thread, optimizer step CPU
    /// time: whole tensors 672 ms; slices of 16 Ki 457 ms, 64 Ki 283 ms, 256 Ki 252 ms, 1 Mi 271 ms.
    /// </summary>
    public const long SliceElements = 1L << 18;

    public SlicedAdamW(IEnumerable<ParamGroup> groups, double learningRate, double beta1, double beta2, double epsilon, double weightDecay)
        : base(groups, learningRate, beta1, beta2, epsilon, weightDecay)
    {
    }

    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        var beta1 = options.beta1!.Value;
        var beta2 = options.beta2!.Value;
        var decay = 1 - (options.LearningRate!.Value * options.weight_decay!.Value);
        var epsilon = options.eps!.Value;
        var learningRate = options.LearningRate.Value;
        foreach (var parameter in group.Parameters)
        {
            using var grad = parameter.grad;
            if (grad is null)
            {
                continue;
            }

            var state = (State)_state[parameter.Handle];
            state.step += 1;
            var stepSize = learningRate / (1 - Math.Pow(beta1, state.step));
            var denominatorScale = Math.Sqrt(1 - Math.Pow(beta2, state.step));
            using var p = parameter.view(-1);
            using var g = grad.contiguous().view(-1);
            using var m = state.exp_avg.view(-1);
            using var v = state.exp_avg_sq.view(-1);
            var count = p.shape[0];
            for (long start = 0; start < count; start += SliceElements)
            {
                using var scope = NewDisposeScope();
                var length = Math.Min(SliceElements, count - start);
                var ps = p.narrow(0, start, length);
                var gs = g.narrow(0, start, length);
                var ms = m.narrow(0, start, length);
                var vs = v.narrow(0, start, length);
                ps.mul_(decay);
                ms.mul_(beta1).add_(gs, alpha: 1 - beta1);
                vs.mul_(beta2).addcmul_(gs, gs, value: 1 - beta2);
                var denominator = (vs.sqrt() / denominatorScale).add_(epsilon);
                ps.addcdiv_(ms, denominator, value: -stepSize);
            }
        }
    }, closure);
}

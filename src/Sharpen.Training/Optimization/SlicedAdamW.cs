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

    public override Tensor step(Func<Tensor>? closure = null)
    {
        var loss = closure?.Invoke();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var update in BeginStep())
        {
            using (update)
            {
                for (long start = 0; start < update.Count; start += SliceElements)
                {
                    update.Apply(start, Math.Min(SliceElements, update.Count - start));
                }
            }
        }

        return loss!;
    }

    /// <summary>
    /// Starts a step: advances every parameter that has a gradient by one step and returns its update, which
    /// <see cref="SliceUpdate.Apply"/> then carries out a slice at a time — on any thread, in any order, since slices are
    /// independent. Call it inside a dispose scope (it makes temporaries); each update must be disposed.
    /// </summary>
    public IReadOnlyList<SliceUpdate> BeginStep()
    {
        var updates = new List<SliceUpdate>();
        foreach (var group in ParamGroups.Cast<ParamGroup>())
        {
            var options = (Options)group.Options;
            foreach (var parameter in group.Parameters)
            {
                using var grad = parameter.grad;
                if (grad is null)
                {
                    continue;
                }

                var state = (State)_state[parameter.Handle];
                state.step += 1;
                updates.Add(new SliceUpdate(parameter, grad, state, options));
            }
        }

        return updates;
    }

    /// <summary>One parameter's AdamW update in this step, as flat views of the parameter, its gradient and moments.</summary>
    internal sealed class SliceUpdate : IDisposable
    {
        private readonly Tensor _grad;
        private readonly Tensor _firstMoment;
        private readonly Tensor _secondMoment;
        private readonly double _decay;
        private readonly double _beta1;
        private readonly double _beta2;
        private readonly double _epsilon;
        private readonly double _stepSize;
        private readonly double _denominatorScale;

        public SliceUpdate(Parameter parameter, Tensor grad, State state, Options options)
        {
            Parameter = parameter;
            _beta1 = options.beta1!.Value;
            _beta2 = options.beta2!.Value;
            _decay = 1 - (options.LearningRate!.Value * options.weight_decay!.Value);
            _epsilon = options.eps!.Value;
            _stepSize = options.LearningRate.Value / (1 - Math.Pow(_beta1, state.step));
            _denominatorScale = Math.Sqrt(1 - Math.Pow(_beta2, state.step));
            Values = parameter.view(-1);
            _grad = grad.contiguous().view(-1);
            _firstMoment = state.exp_avg.view(-1);
            _secondMoment = state.exp_avg_sq.view(-1);
        }

        /// <summary>The parameter being updated.</summary>
        public Parameter Parameter { get; }

        /// <summary>The parameter's values, flat.</summary>
        public Tensor Values { get; }

        /// <summary>Number of elements.</summary>
        public long Count => Values.shape[0];

        /// <summary>
        /// Updates elements [start, start + length): the gradient is first multiplied by <paramref name="gradScale"/>
        /// (gradient clipping's coefficient, the same multiply clipping the whole gradient would do) unless it is 1.
        /// </summary>
        public void Apply(long start, long length, double gradScale = 1)
        {
            using var scope = NewDisposeScope();
            var ps = Values.narrow(0, start, length);
            var gs = _grad.narrow(0, start, length);
            var ms = _firstMoment.narrow(0, start, length);
            var vs = _secondMoment.narrow(0, start, length);
            if (gradScale != 1)
            {
                gs.mul_(gradScale);
            }

            ps.mul_(_decay);
            ms.mul_(_beta1).add_(gs, alpha: 1 - _beta1);
            vs.mul_(_beta2).addcmul_(gs, gs, value: 1 - _beta2);
            var denominator = (vs.sqrt() / _denominatorScale).add_(_epsilon);
            ps.addcdiv_(ms, denominator, value: -_stepSize);
        }

        public void Dispose()
        {
            Values.Dispose();
            _grad.Dispose();
            _firstMoment.Dispose();
            _secondMoment.Dispose();
        }
    }
}

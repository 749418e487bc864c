using TorchSharp.Modules;

namespace Sharpen.Training.Optimization;

/// <summary>
/// Splits trainable parameters into those AdamW decays and those it must not: one-dimensional parameters — RMSNorm
/// and LayerNorm scales and every bias — are excluded, as in nanoGPT's <c>configure_optimizers</c> and transformers'
/// <c>get_decay_parameter_names</c> (decaying a norm scale towards zero fights the normalisation it exists for).
/// </summary>
internal sealed record WeightDecayGroups(IReadOnlyList<(string Name, Parameter Parameter)> Decay, IReadOnlyList<(string Name, Parameter Parameter)> NoDecay)
{
    public static WeightDecayGroups Split(IReadOnlyList<(string Name, Parameter Parameter)> trainable)
    {
        ArgumentNullException.ThrowIfNull(trainable);
        return new WeightDecayGroups(
            [.. trainable.Where(p => p.Parameter.dim() >= 2)],
            [.. trainable.Where(p => p.Parameter.dim() < 2)]);
    }

    /// <summary>AdamW (<see cref="SlicedAdamW"/>) over both groups: the configured decay on the first, none on the second.</summary>
    public SlicedAdamW CreateAdamW(double learningRate, double beta1, double beta2, double epsilon, double weightDecay)
    {
        var groups = new List<AdamW.ParamGroup>();
        if (Decay.Count > 0)
        {
            groups.Add(new AdamW.ParamGroup(Decay.Select(p => p.Parameter), learningRate, beta1, beta2, epsilon, weightDecay));
        }

        if (NoDecay.Count > 0)
        {
            groups.Add(new AdamW.ParamGroup(NoDecay.Select(p => p.Parameter), learningRate, beta1, beta2, epsilon, weight_decay: 0));
        }

        return new SlicedAdamW(groups, learningRate, beta1, beta2, epsilon, weightDecay);
    }
}

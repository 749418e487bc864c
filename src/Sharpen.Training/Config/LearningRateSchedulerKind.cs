namespace Sharpen.Training.Config;

/// <summary>The shape of the learning rate after warmup.</summary>
public enum LearningRateSchedulerKind
{
    /// <summary>Half a cosine from the peak to zero at the last step (config value <c>cosine</c>).</summary>
    Cosine,

    /// <summary>A straight line from the peak to zero at the last step (config value <c>linear</c>).</summary>
    Linear,

    /// <summary>The peak rate after warmup (config value <c>constant</c>).</summary>
    Constant,
}

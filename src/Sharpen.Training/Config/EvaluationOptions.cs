namespace Sharpen.Training.Config;

/// <summary>The <c>evaluation:</c> section. Validation also always runs at the end of each epoch.</summary>
public sealed record EvaluationOptions
{
    /// <summary><c>evaluation.every_steps</c>: validate every N optimizer steps; 0 = only at epoch ends (default 100).</summary>
    public int EverySteps { get; init; } = 100;

    /// <summary>
    /// <c>evaluation.overfit_patience</c>: consecutive evaluations with validation loss rising while training loss falls
    /// before an <c>overfitting</c> event is emitted (default 3). The event informs; it does not stop the run.
    /// </summary>
    public int OverfitPatience { get; init; } = 3;

    /// <summary>Whether a run with validation data validates after <paramref name="step"/> (1-based).</summary>
    public bool IsDue(long step, bool endsEpoch) => endsEpoch || (EverySteps > 0 && step % EverySteps == 0);
}

namespace Sharpen.Training.Config;

/// <summary>The <c>checkpoint:</c> section.</summary>
public sealed record CheckpointOptions
{
    /// <summary><c>checkpoint.every_steps</c>: save every N steps; 0 = only when the run stops (default 100).</summary>
    public int EverySteps { get; init; } = 100;

    /// <summary><c>checkpoint.keep_last</c>: how many step checkpoints to keep besides <c>best/</c> (default 2).</summary>
    public int KeepLast { get; init; } = 2;

    /// <summary>
    /// <c>checkpoint.every_epoch</c>: also save at the end of every epoch, whatever <c>every_steps</c> says (default false).
    /// Hosted fine-tuning APIs keep one checkpoint per epoch; the server's jobs use this.
    /// </summary>
    public bool EveryEpoch { get; init; }

    /// <summary>Whether a checkpoint is saved after <paramref name="step"/> (1-based) of a run that goes on (a run that
    /// stops always saves).</summary>
    public bool IsDue(long step, bool endsEpoch) => (EverySteps > 0 && step % EverySteps == 0) || (EveryEpoch && endsEpoch);
}

namespace Sharpen.Training.Checkpointing;

/// <summary>
/// Everything besides weights and optimizer moments that a resumed run needs to continue as if never interrupted:
/// the scheduler position (the step: the schedule is a function of it), the data cursor, the random state, the budget
/// counters and the monitors' memory. Saved as <c>trainer_state.json</c>.
/// </summary>
internal sealed record TrainerState
{
    /// <summary>Validation loss of the model before training (the baseline every later evaluation is compared with).</summary>
    public double? BaselineValidationLoss { get; init; }

    /// <summary>Optimizer steps completed.</summary>
    public long Step { get; init; }

    /// <summary>Epoch of the next micro-batch.</summary>
    public int Epoch { get; init; }

    /// <summary>Index of the next micro-batch within that epoch's plan.</summary>
    public int BatchInEpoch { get; init; }

    /// <summary>The data-order seed; with <see cref="Epoch"/> it fixes the generator state of the epoch's shuffle.</summary>
    public int DataSeed { get; init; }

    /// <summary>libtorch's CPU generator state (<c>torch.get_rng_state()</c>), base64.</summary>
    public string TorchRngState { get; init; } = "";

    public long TokensSeen { get; init; }

    /// <summary>Training time before this checkpoint, in ticks (so budgets and ETA continue across resumes).</summary>
    public long ElapsedTicks { get; init; }

    public double BestValidationLoss { get; init; } = double.PositiveInfinity;

    public long BestStep { get; init; }

    public int EvaluationsWithoutImprovement { get; init; }

    public double OverfitPreviousValidation { get; init; } = double.NaN;

    public double OverfitPreviousTrain { get; init; } = double.NaN;

    public int OverfitStreak { get; init; }

    /// <summary>Sum and count of step losses since the last evaluation (the overfit detector's training trend).</summary>
    public double TrainLossSinceEval { get; init; }

    public int StepsSinceEval { get; init; }
}

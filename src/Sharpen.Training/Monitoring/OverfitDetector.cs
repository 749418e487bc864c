namespace Sharpen.Training.Monitoring;

/// <summary>
/// Flags overfitting: <c>patience</c> consecutive evaluations at which the validation loss rose while the mean training
/// loss since the previous evaluation fell. It reports once per streak and never stops the run.
/// </summary>
internal sealed class OverfitDetector(int patience)
{
    public double PreviousValidation { get; private set; } = double.NaN;

    public double PreviousTrain { get; private set; } = double.NaN;

    public int Streak { get; private set; }

    /// <summary>Returns true when this evaluation completes a streak of <c>patience</c>.</summary>
    public bool Observe(double meanTrainLoss, double validationLoss)
    {
        var diverging = validationLoss > PreviousValidation && meanTrainLoss < PreviousTrain;
        Streak = diverging ? Streak + 1 : 0;
        PreviousValidation = validationLoss;
        PreviousTrain = meanTrainLoss;
        return diverging && Streak == patience;
    }

    public void Restore(double previousValidation, double previousTrain, int streak)
    {
        PreviousValidation = previousValidation;
        PreviousTrain = previousTrain;
        Streak = streak;
    }
}

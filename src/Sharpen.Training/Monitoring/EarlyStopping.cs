namespace Sharpen.Training.Monitoring;

/// <summary>
/// Watches validation losses and raises a stop flag after <c>patience</c> evaluations without an improvement of more
/// than <c>minDelta</c> over the best so far (transformers' EarlyStoppingCallback rule). It only reads losses; the
/// recipe decides what stopping means (save, restore the best weights, report).
/// </summary>
internal sealed class EarlyStopping(int patience, double minDelta)
{
    public double BestLoss { get; private set; } = double.PositiveInfinity;

    public long BestStep { get; private set; }

    public int EvaluationsWithoutImprovement { get; private set; }

    public bool ShouldStop => EvaluationsWithoutImprovement >= patience;

    /// <summary>Records an evaluation; returns true when it is a new best.</summary>
    public bool Observe(long step, double validationLoss)
    {
        if (validationLoss < BestLoss - minDelta || double.IsPositiveInfinity(BestLoss))
        {
            BestLoss = validationLoss;
            BestStep = step;
            EvaluationsWithoutImprovement = 0;
            return true;
        }

        EvaluationsWithoutImprovement++;
        return false;
    }

    public void Restore(double bestLoss, long bestStep, int withoutImprovement)
    {
        BestLoss = bestLoss;
        BestStep = bestStep;
        EvaluationsWithoutImprovement = withoutImprovement;
    }
}

namespace Sharpen.Training.Estimation;

/// <summary>
/// Seconds per optimizer step as a straight line in the step's padded tokens: <c>seconds = Overhead + PerToken × tokens</c>.
/// The overhead is what a step costs whatever its size (kernel launches, the optimizer update, gradient clipping); the
/// slope is the matmul work, which grows with the tokens. Fitted by least squares over the probe's steps.
/// </summary>
public sealed record StepTimeModel(double OverheadSeconds, double SecondsPerToken)
{
    public double Seconds(long paddedTokens) => OverheadSeconds + (SecondsPerToken * paddedTokens);

    /// <summary>
    /// The least-squares line through (<paramref name="paddedTokens"/>, <paramref name="seconds"/>). When the sizes barely
    /// vary (under 5% spread, as with packed batches) or the fit comes out with a negative slope or overhead (noise), the
    /// line through the origin with the mean rate is used instead: it is exact for steps the size of those measured.
    /// </summary>
    public static StepTimeModel Fit(IReadOnlyList<long> paddedTokens, IReadOnlyList<double> seconds)
    {
        ArgumentNullException.ThrowIfNull(paddedTokens);
        ArgumentNullException.ThrowIfNull(seconds);
        if (paddedTokens.Count != seconds.Count || paddedTokens.Count == 0)
        {
            throw new ArgumentException("Need one or more (tokens, seconds) pairs of equal count.");
        }

        var n = paddedTokens.Count;
        var meanX = paddedTokens.Average(t => (double)t);
        var meanY = seconds.Average();
        var proportional = new StepTimeModel(0, meanY / meanX);
        if (n < 3 || paddedTokens.Max() - paddedTokens.Min() < 0.05 * meanX)
        {
            return proportional;
        }

        double sxx = 0, sxy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = paddedTokens[i] - meanX;
            sxx += dx * dx;
            sxy += dx * (seconds[i] - meanY);
        }

        var slope = sxy / sxx;
        var intercept = meanY - (slope * meanX);
        return slope < 0 || intercept < 0 ? proportional : new StepTimeModel(intercept, slope);
    }
}

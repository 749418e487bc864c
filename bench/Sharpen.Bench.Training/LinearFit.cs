namespace Sharpen.Bench.Training;

/// <summary>Ordinary least-squares slope of y on x: the soak run's "is it growing?" number.</summary>
internal static class LinearFit
{
    public static double Slope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count || x.Count < 2)
        {
            throw new ArgumentException("A slope needs at least two (x, y) pairs of equal count.", nameof(y));
        }

        var meanX = x.Average();
        var meanY = y.Average();
        double covariance = 0, variance = 0;
        for (var i = 0; i < x.Count; i++)
        {
            covariance += (x[i] - meanX) * (y[i] - meanY);
            variance += (x[i] - meanX) * (x[i] - meanX);
        }

        return covariance / variance;
    }
}

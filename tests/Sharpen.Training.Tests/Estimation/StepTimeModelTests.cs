using Sharpen.Training.Estimation;

namespace Sharpen.Training.Tests.Estimation;

public sealed class StepTimeModelTests
{
    [Fact]
    public void Fit_PointsOnALine_RecoversOverheadAndSlope()
    {
        // y = 0.02 + 3e-5 x, worked by hand for x = 1000, 2000, 4000: 0.05, 0.08, 0.14.
        var model = StepTimeModel.Fit([1000, 2000, 4000], [0.05, 0.08, 0.14]);

        Assert.Equal(0.02, model.OverheadSeconds, 12);
        Assert.Equal(3e-5, model.SecondsPerToken, 15);
        Assert.Equal(0.32, model.Seconds(10_000), 12);
    }

    [Fact]
    public void Fit_NoisyPoints_IsTheLeastSquaresLine()
    {
        // Reference: Python 3.11 statistics.linear_regression([100, 200, 300, 400], [1.0, 2.2, 2.9, 4.1])
        // = LinearRegression(slope=0.009999999999999998, intercept=0.050000000000000266).
        var model = StepTimeModel.Fit([100, 200, 300, 400], [1.0, 2.2, 2.9, 4.1]);

        Assert.Equal(0.01, model.SecondsPerToken, 12);
        Assert.Equal(0.05, model.OverheadSeconds, 12);
    }

    [Fact]
    public void Fit_SameSizedSteps_UsesTheMeanRate()
    {
        var model = StepTimeModel.Fit([512, 512, 512], [0.9, 1.1, 1.0]);

        Assert.Equal(0, model.OverheadSeconds);
        Assert.Equal(1.0, model.Seconds(512), 12);
    }

    [Fact]
    public void Fit_NegativeSlopeFromNoise_FallsBackToTheMeanRate()
    {
        var model = StepTimeModel.Fit([100, 200, 300], [3.0, 2.0, 1.0]);

        Assert.Equal(0, model.OverheadSeconds);
        Assert.Equal(2.0 / 200, model.SecondsPerToken, 12);
    }

    [Fact]
    public void Fit_MismatchedInputs_Throws() =>
        Assert.Throws<ArgumentException>(() => StepTimeModel.Fit([1, 2], [1.0]));
}

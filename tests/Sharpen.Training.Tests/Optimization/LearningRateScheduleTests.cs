using Sharpen.Training.Config;
using Sharpen.Training.Optimization;

namespace Sharpen.Training.Tests.Optimization;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void At_WarmupThenCosine_FollowsTheDocumentedFormula()
    {
        var schedule = new LearningRateSchedule(LearningRateSchedulerKind.Cosine, 1.0, totalSteps: 10, warmupSteps: 2);

        Assert.Equal(0.5, schedule.At(1), 12);
        Assert.Equal(1.0, schedule.At(2), 12);
        Assert.Equal(1.0, schedule.At(3), 12);
        Assert.Equal(0.5, schedule.At(7), 12); // progress (7-2-1)/8 = 0.5 → cos(π/2) = 0
        Assert.True(schedule.At(10) > 0);
    }

    [Fact]
    public void At_Linear_HalfwayIsHalf()
    {
        var schedule = new LearningRateSchedule(LearningRateSchedulerKind.Linear, 2.0, totalSteps: 10, warmupSteps: 0);

        Assert.Equal(2.0, schedule.At(1), 12);
        Assert.Equal(1.0, schedule.At(6), 12); // progress (6-0-1)/10 = 0.5
    }
}

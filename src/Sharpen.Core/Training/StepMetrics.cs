namespace Sharpen.Core.Training;

/// <summary>What one optimizer step measured.</summary>
/// <param name="Step">1-based optimizer step</param>
/// <param name="Epoch">0-based epoch the step belongs to</param>
/// <param name="Loss">mean cross-entropy over the step's target tokens</param>
/// <param name="TokenAccuracy">fraction of target tokens whose arg-max prediction was right</param>
/// <param name="LearningRate">the rate the step used</param>
/// <param name="GradNorm">global L2 norm of the gradients before clipping</param>
/// <param name="Tokens">input tokens (padding excluded) processed in this step</param>
/// <param name="TargetTokens">tokens the loss was computed on</param>
/// <param name="TokensPerSecond">throughput of this step</param>
/// <param name="Elapsed">training time so far, across resumes</param>
/// <param name="Eta">estimated time to the planned last step</param>
/// <param name="TotalSteps">the planned number of steps</param>
public sealed record StepMetrics(
    long Step,
    int Epoch,
    double Loss,
    double TokenAccuracy,
    double LearningRate,
    double GradNorm,
    long Tokens,
    long TargetTokens,
    double TokensPerSecond,
    TimeSpan Elapsed,
    TimeSpan Eta,
    long TotalSteps);

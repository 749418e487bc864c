namespace Sharpen.Bench.Training;

/// <summary>What one child process measured for one method × dtype; sent to the parent as one JSON line.</summary>
internal sealed record ConfigurationResult(
    string Method,
    string DType,
    int TimedSteps,
    double TokensPerSecond,
    double SecondsPerStep,
    long PeakResidentBytesTraining,
    long PeakResidentBytesAtExit,
    long TrainableParameters,
    double FinalLoss);

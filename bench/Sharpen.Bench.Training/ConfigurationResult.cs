namespace Sharpen.Bench.Training;

/// <summary>
/// What one child process measured for one method × dtype; sent to the parent as one JSON line. CPU seconds per step
/// count every thread's time (with 2 threads that includes OpenMP's spinning at barriers); with one thread they are the
/// step's work, which other processes on a shared machine slow down far less than they slow down wall time.
/// </summary>
internal sealed record ConfigurationResult(
    string Method,
    string DType,
    int TimedSteps,
    double TokensPerSecond,
    double SecondsPerStep,
    double ProcessorSecondsPerStep,
    long PeakResidentBytesTraining,
    long PeakResidentBytesAtExit,
    long TrainableParameters,
    double FinalLoss);

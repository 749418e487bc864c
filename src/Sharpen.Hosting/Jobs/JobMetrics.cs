namespace Sharpen.Hosting.Jobs;

/// <summary>
/// One step's numbers as a metrics event and a checkpoint carry them (OpenAI's field names). Sharpen validates on the
/// whole validation set: an interval evaluation fills the <c>valid_*</c> fields, an epoch-end one fills both the
/// <c>valid_*</c> and the <c>full_valid_*</c> fields; steps without an evaluation leave them null.
/// </summary>
public sealed record JobMetrics(
    long Step,
    long TotalSteps,
    double? TrainLoss,
    double? ValidLoss,
    double? FullValidLoss,
    double? TrainMeanTokenAccuracy,
    double? ValidMeanTokenAccuracy,
    double? FullValidMeanTokenAccuracy);

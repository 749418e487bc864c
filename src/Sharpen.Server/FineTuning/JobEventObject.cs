using Sharpen.Hosting.Jobs;

namespace Sharpen.Server.FineTuning;

/// <summary>OpenAI's fine-tuning event; <c>data</c> holds a metrics event's numbers and is null for messages.</summary>
internal sealed record JobEventObject(string Object, string Id, long CreatedAt, string Level, string Message, string Type, MetricsObject? Data)
{
    public static JobEventObject From(JobEvent e) =>
        new("fine_tuning.job.event", e.Id, e.CreatedAt.ToUnixTimeSeconds(), e.Level, e.Message, e.Type, e.Metrics is { } m ? MetricsObject.From(m) : null);
}

/// <summary>A step's metrics with OpenAI's names; null where nothing was measured at that step.</summary>
internal sealed record MetricsObject(
    long Step,
    long TotalSteps,
    double? TrainLoss,
    double? ValidLoss,
    double? FullValidLoss,
    double? TrainMeanTokenAccuracy,
    double? ValidMeanTokenAccuracy,
    double? FullValidMeanTokenAccuracy)
{
    public static MetricsObject From(JobMetrics m) =>
        new(m.Step, m.TotalSteps, m.TrainLoss, m.ValidLoss, m.FullValidLoss, m.TrainMeanTokenAccuracy, m.ValidMeanTokenAccuracy, m.FullValidMeanTokenAccuracy);
}

/// <summary>A page of events, newest first.</summary>
internal sealed record JobEventList(string Object, IReadOnlyList<JobEventObject> Data, bool HasMore);

/// <summary>OpenAI's fine-tuning checkpoint: a model name usable in chat completions, its step and metrics.</summary>
internal sealed record CheckpointObject(string Object, string Id, long CreatedAt, string FineTunedModelCheckpoint, long StepNumber, MetricsObject Metrics, string FineTuningJobId)
{
    public static CheckpointObject From(JobCheckpoint c) =>
        new("fine_tuning.job.checkpoint", c.Id, c.CreatedAt.ToUnixTimeSeconds(), c.Model, c.Step, MetricsObject.From(c.Metrics), c.JobId);
}

/// <summary>A page of checkpoints, highest step first, with OpenAI's cursor fields.</summary>
internal sealed record CheckpointList(string Object, IReadOnlyList<CheckpointObject> Data, string? FirstId, string? LastId, bool HasMore);

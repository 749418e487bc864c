namespace Sharpen.Hosting.Jobs;

/// <summary>An entry of a job's event log: a lifecycle message (<see cref="Metrics"/> null) or a step's metrics.</summary>
/// <param name="Level">info, warn or error</param>
/// <param name="Type">message or metrics</param>
public sealed record JobEvent(string Id, string JobId, DateTimeOffset CreatedAt, string Level, string Type, string Message, JobMetrics? Metrics)
{
    public const string MessageType = "message";
    public const string MetricsType = "metrics";
}

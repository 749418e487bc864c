namespace Sharpen.Hosting.Jobs;

/// <summary>A checkpoint a job saved, usable as a model under <see cref="Model"/> (<c>ft:…:ckpt-step-N</c>).</summary>
public sealed record JobCheckpoint(string Id, string JobId, DateTimeOffset CreatedAt, long Step, string Model, JobMetrics Metrics);

using Sharpen.Evaluation.Scoring;

namespace Sharpen.Evaluation.Reports;

/// <summary>Speed, memory and cost of one system over the test set.</summary>
/// <param name="ElapsedSeconds">wall time answering every example (loading excluded)</param>
/// <param name="PeakMemoryBytes">peak resident memory of the process while this system ran (null when unknown)</param>
/// <param name="CostPer1000Tokens">price per hour × elapsed hours per 1,000 tokens processed (prompt + output); null without tokens</param>
public sealed record SystemPerformance(
    double ElapsedSeconds,
    long TokensIn,
    long TokensOut,
    double? MeanTimeToFirstTokenMs,
    double? MeanMsPerOutputToken,
    long? PeakMemoryBytes,
    double? CostPer1000Tokens)
{
    /// <summary>Examples answered per second is for the caller to derive; this is generated tokens per second.</summary>
    public double OutputTokensPerSecond => ElapsedSeconds > 0 ? TokensOut / ElapsedSeconds : 0;
}

/// <summary>One system's answers to the test set: the tuned model or a baseline.</summary>
/// <param name="Name">short id: tuned, base, base-k-shot, retrieval</param>
/// <param name="Description">how the system answers, for the report</param>
public sealed record SystemResult(string Name, string Description, bool UsesModel, IReadOnlyList<ExampleResult> Examples, SystemPerformance Performance)
{
    public const string Tuned = "tuned";
    public const string Base = "base";
    public const string BaseKShot = "base-k-shot";
    public const string Retrieval = "retrieval";

    /// <summary>Examples per second.</summary>
    public double ExamplesPerSecond => Performance.ElapsedSeconds > 0 ? Examples.Count / Performance.ElapsedSeconds : 0;
}

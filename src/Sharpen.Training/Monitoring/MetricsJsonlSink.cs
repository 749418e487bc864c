using System.Text.Json;
using Sharpen.Core.Training;

namespace Sharpen.Training.Monitoring;

/// <summary>
/// <c>metrics.jsonl</c>: one <c>{"type":"train",...}</c> line per step and one <c>{"type":"eval",...}</c> line per
/// validation pass. Numbers are written in shortest round-trip form, so the file reproduces the values exactly.
/// </summary>
internal sealed class MetricsJsonlSink(string path) : IMetricSink
{
    public const string FileName = "metrics.jsonl";

    private readonly JsonLines _lines = new(path);

    public void OnStep(StepMetrics metrics) => _lines.Append(w =>
    {
        w.WriteString("type", "train");
        w.WriteNumber("step", metrics.Step);
        w.WriteNumber("epoch", metrics.Epoch);
        JsonLines.WriteNumber(w, "loss", metrics.Loss);
        JsonLines.WriteNumber(w, "token_accuracy", metrics.TokenAccuracy);
        JsonLines.WriteNumber(w, "learning_rate", metrics.LearningRate);
        JsonLines.WriteNumber(w, "grad_norm", metrics.GradNorm);
        w.WriteNumber("tokens", metrics.Tokens);
        w.WriteNumber("target_tokens", metrics.TargetTokens);
        JsonLines.WriteNumber(w, "tokens_per_second", metrics.TokensPerSecond);
        w.WriteNumber("elapsed_seconds", metrics.Elapsed.TotalSeconds);
        w.WriteNumber("eta_seconds", metrics.Eta.TotalSeconds);
        w.WriteNumber("total_steps", metrics.TotalSteps);
    });

    public void OnEvaluation(EvaluationMetrics metrics) => _lines.Append(w =>
    {
        w.WriteString("type", "eval");
        w.WriteNumber("step", metrics.Step);
        w.WriteNumber("epoch", metrics.Epoch);
        JsonLines.WriteNumber(w, "loss", metrics.Loss);
        JsonLines.WriteNumber(w, "token_accuracy", metrics.TokenAccuracy);
        w.WriteString("trigger", metrics.Trigger);
    });

    public void OnEvent(TrainingEvent trainingEvent)
    {
    }

    /// <summary>Drops records after <paramref name="step"/> (what a killed run logged past its checkpoint).</summary>
    public static void TruncateAfter(string path, long step) =>
        JsonLines.Filter(path, e => e.TryGetProperty("step", out var s) && s.ValueKind == JsonValueKind.Number && s.GetInt64() <= step);

    public void Dispose() => _lines.Dispose();
}

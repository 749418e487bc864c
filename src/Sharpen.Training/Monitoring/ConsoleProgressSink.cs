using System.Globalization;
using Sharpen.Core.Training;

namespace Sharpen.Training.Monitoring;

/// <summary>Plain progress lines on a <see cref="TextWriter"/> (the console by default): one per step, eval and event.</summary>
internal sealed class ConsoleProgressSink(TextWriter writer) : IMetricSink
{
    public void OnStep(StepMetrics m) => writer.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"step {m.Step}/{m.TotalSteps} | epoch {m.Epoch} | loss {m.Loss:F4} | acc {m.TokenAccuracy:F3} | lr {m.LearningRate:G3} | grad {m.GradNorm:F3} | {m.TokensPerSecond:F0} tok/s | {Format(m.Elapsed)} elapsed | eta {Format(m.Eta)}"));

    public void OnEvaluation(EvaluationMetrics m) => writer.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"eval  {m.Step} | epoch {m.Epoch} | val_loss {m.Loss:F4} | val_acc {m.TokenAccuracy:F3} | {m.Trigger}"));

    public void OnEvent(TrainingEvent e) => writer.WriteLine($"[{e.Kind}] {e.Message}");

    public void Dispose() => writer.Flush();

    private static string Format(TimeSpan span) => span.ToString(span.TotalHours >= 1 ? @"h\:mm\:ss" : @"mm\:ss", CultureInfo.InvariantCulture);
}

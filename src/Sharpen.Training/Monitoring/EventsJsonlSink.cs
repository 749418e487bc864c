using Sharpen.Core.Training;

namespace Sharpen.Training.Monitoring;

/// <summary><c>events.jsonl</c>: one line per lifecycle event, with its timestamp, step, kind, message and data.</summary>
internal sealed class EventsJsonlSink(string path) : IMetricSink
{
    public const string FileName = "events.jsonl";

    private readonly JsonLines _lines = new(path);

    public void OnStep(StepMetrics metrics)
    {
    }

    public void OnEvaluation(EvaluationMetrics metrics)
    {
    }

    public void OnEvent(TrainingEvent trainingEvent) => _lines.Append(w =>
    {
        w.WriteString("time", trainingEvent.Timestamp);
        w.WriteNumber("step", trainingEvent.Step);
        w.WriteString("kind", trainingEvent.Kind);
        w.WriteString("message", trainingEvent.Message);
        w.WriteStartObject("data");
        foreach (var (key, value) in trainingEvent.Data)
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
    });

    public void Dispose() => _lines.Dispose();
}

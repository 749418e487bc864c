using System.Text.Json;

namespace Sharpen.Evaluation.Reports;

/// <summary>Reads a run's training and validation losses from its <c>metrics.jsonl</c> (records of type train / eval).</summary>
public static class RunCurves
{
    /// <summary>The curves of the run in <paramref name="runDirectory"/>, or null when it has no metrics.jsonl.</summary>
    public static LossCurves? Read(string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        var path = Path.Combine(runDirectory, "metrics.jsonl");
        if (!File.Exists(path))
        {
            return null;
        }

        var train = new List<LossPoint>();
        var validation = new List<LossPoint>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            try
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                if (!root.TryGetProperty("type", out var type) || !root.TryGetProperty("step", out var step) || !root.TryGetProperty("loss", out var loss))
                {
                    continue;
                }

                var point = new LossPoint(step.GetInt64(), loss.GetDouble());
                switch (type.GetString())
                {
                    case "train":
                        train.Add(point);
                        break;
                    case "eval":
                        validation.Add(point);
                        break;
                }
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: not a JSON metrics record ({ex.Message}).", ex);
            }
        }

        // A resumed run repeats steps after its last checkpoint; the later record is the one the run continued from.
        return new LossCurves(Deduplicate(train), Deduplicate(validation));
    }

    private static List<LossPoint> Deduplicate(List<LossPoint> points) =>
        [.. points.GroupBy(p => p.Step).Select(g => g.Last()).OrderBy(p => p.Step)];
}

using System.Text.Json;

namespace Sharpen.Training.Tests;

/// <summary>Reads what a run wrote (metrics.jsonl, events.jsonl) for assertions.</summary>
internal static class RunFolder
{
    public static List<(long Step, double Loss)> TrainLosses(string runDirectory) => Records(runDirectory, "train");

    /// <summary>Validation losses of training evaluations (the step-0 baseline of the untouched model excluded).</summary>
    public static List<(long Step, double Loss)> EvalLosses(string runDirectory) => [.. Records(runDirectory, "eval").Where(r => r.Item1 > 0)];

    /// <summary>The untouched model's validation loss, measured before the first step.</summary>
    public static double BaselineLoss(string runDirectory) => Records(runDirectory, "eval").Single(r => r.Item1 == 0).Item2;

    public static List<string> EventKinds(string runDirectory) =>
        [.. File.ReadAllLines(Path.Combine(runDirectory, "events.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("kind").GetString()!)];

    private static List<(long, double)> Records(string runDirectory, string type)
    {
        var result = new List<(long, double)>();
        foreach (var line in File.ReadAllLines(Path.Combine(runDirectory, "metrics.jsonl")))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.GetProperty("type").GetString() == type)
            {
                result.Add((root.GetProperty("step").GetInt64(), root.GetProperty("loss").GetDouble()));
            }
        }

        return result;
    }
}

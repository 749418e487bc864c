using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sharpen.Evaluation.Reports;

/// <summary>
/// The machine-readable halves of a report: <c>results.jsonl</c> (one line per example per system) and
/// <c>summary.json</c> (verdict, metrics with intervals, comparisons, performance, settings), which a job runner reads.
/// </summary>
public static class JsonReport
{
    private static readonly JsonWriterOptions s_lineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions s_indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    public static void WriteResults(EvaluationReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(stream);
        var newline = "\n"u8.ToArray();
        foreach (var system in report.Systems)
        {
            foreach (var e in system.Examples)
            {
                using (var json = new Utf8JsonWriter(stream, s_lineOptions))
                {
                    json.WriteStartObject();
                    json.WriteString("system", system.Name);
                    json.WriteNumber("index", e.Index);
                    json.WriteString("prompt", e.Prompt);
                    json.WriteString("reference", e.Reference);
                    json.WriteString("output", e.Output);
                    json.WriteString("prediction", e.Prediction);
                    if (e.Correct is { } correct)
                    {
                        json.WriteBoolean("correct", correct);
                    }
                    else
                    {
                        json.WriteNull("correct");
                    }

                    json.WriteStartObject("scores");
                    foreach (var (key, value) in e.Scores.OrderBy(s => s.Key, StringComparer.Ordinal))
                    {
                        json.WriteNumber(key, value);
                    }

                    json.WriteEndObject();
                    WriteOptional(json, "time_to_first_token_ms", e.TimeToFirstTokenMs);
                    WriteOptional(json, "ms_per_output_token", e.MsPerOutputToken);
                    json.WriteNumber("latency_ms", e.LatencyMs);
                    json.WriteNumber("tokens_in", e.TokensIn);
                    json.WriteNumber("tokens_out", e.TokensOut);
                    WriteOptional(json, "reference_loss", e.ReferenceLossSum is { } sum && e.ReferenceTokens > 0 ? sum / e.ReferenceTokens : null);
                    json.WriteNumber("reference_tokens", e.ReferenceTokens);
                    json.WriteEndObject();
                }

                stream.Write(newline);
            }
        }
    }

    public static void WriteSummary(EvaluationReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(stream);
        using var json = new Utf8JsonWriter(stream, s_indented);
        json.WriteStartObject();
        var v = report.Verdict;
        json.WriteStartObject("verdict");
        json.WriteBoolean("deploy", v.Deploy);
        json.WriteString("label", v.Label);
        json.WriteString("reason", Snake(v.Reason.ToString()));
        json.WriteString("explanation", v.Explanation);
        json.WriteString("primary_metric", v.PrimaryMetric);
        json.WriteString("best_baseline", v.BestBaseline);
        json.WriteNumber("tuned", v.Tuned);
        json.WriteNumber("baseline", v.Baseline);
        WriteOptional(json, "relative_gain", v.RelativeGain);
        json.WriteNumber("p_value", v.PValue);
        json.WriteNumber("significance", report.Settings.Policy.Significance);
        json.WriteNumber("min_relative_gain", report.Settings.Policy.MinRelativeGain);
        json.WriteEndObject();

        json.WriteStartObject("task");
        json.WriteString("type", Snake(report.Task.Task.ToString()));
        json.WriteString("reason", report.Task.Reason);
        json.WriteNumber("labels", report.Task.Labels.Count);
        json.WriteString("primary_metric", report.Suite.Primary);
        json.WriteEndObject();

        json.WriteStartArray("systems");
        foreach (var system in report.Systems)
        {
            json.WriteStartObject();
            json.WriteString("name", system.Name);
            json.WriteString("description", system.Description);
            json.WriteBoolean("uses_model", system.UsesModel);
            json.WriteNumber("examples", system.Examples.Count);
            json.WriteStartObject("metrics");
            foreach (var estimate in report.Estimates.Where(e => e.System == system.Name))
            {
                json.WriteStartObject(estimate.Metric);
                json.WriteNumber("value", estimate.Value);
                json.WriteNumber("lower", estimate.Lower);
                json.WriteNumber("upper", estimate.Upper);
                json.WriteEndObject();
            }

            if (report.Estimate(system.Name, Scoring.MetricSuite.Loss) is { } loss)
            {
                json.WriteNumber("perplexity", Math.Exp(loss.Value));
            }

            json.WriteEndObject();
            var perf = system.Performance;
            json.WriteStartObject("performance");
            json.WriteNumber("elapsed_seconds", perf.ElapsedSeconds);
            json.WriteNumber("examples_per_second", system.ExamplesPerSecond);
            json.WriteNumber("output_tokens_per_second", perf.OutputTokensPerSecond);
            json.WriteNumber("tokens_in", perf.TokensIn);
            json.WriteNumber("tokens_out", perf.TokensOut);
            WriteOptional(json, "mean_time_to_first_token_ms", perf.MeanTimeToFirstTokenMs);
            WriteOptional(json, "mean_ms_per_output_token", perf.MeanMsPerOutputToken);
            WriteOptional(json, "peak_memory_bytes", (double?)perf.PeakMemoryBytes);
            WriteOptional(json, "cost_per_1000_tokens", perf.CostPer1000Tokens);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("comparisons");
        foreach (var c in report.Comparisons)
        {
            json.WriteStartObject();
            json.WriteString("metric", c.Metric);
            json.WriteString("baseline", c.Baseline);
            json.WriteNumber("difference", c.Interval.Difference);
            json.WriteNumber("lower", c.Interval.Lower);
            json.WriteNumber("upper", c.Interval.Upper);
            json.WriteNumber("bootstrap_p", c.Interval.PValue);
            if (c.McNemar is { } m)
            {
                json.WriteNumber("mcnemar_p", m.PValue);
                json.WriteNumber("only_tuned_correct", m.OnlyFirstCorrect);
                json.WriteNumber("only_baseline_correct", m.OnlySecondCorrect);
            }

            json.WriteNumber("p_value", c.PValue);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        if (report.Forgetting is { } f)
        {
            json.WriteStartObject("forgetting");
            json.WriteString("file", f.File);
            json.WriteNumber("texts", f.Texts);
            json.WriteNumber("base_loss", f.BaseLoss);
            json.WriteNumber("tuned_loss", f.TunedLoss);
            json.WriteNumber("relative_change", f.RelativeChange);
            json.WriteNumber("threshold", f.Threshold);
            json.WriteBoolean("flagged", f.Flagged);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("forgetting");
        }

        var s = report.Settings;
        json.WriteStartObject("settings");
        json.WriteString("tuned_model", s.TunedModel);
        json.WriteString("base_model", s.BaseModel);
        json.WriteString("test_file", s.TestFile);
        json.WriteString("train_file", s.TrainFile);
        WriteOptional(json, "general_file", s.GeneralFile);
        json.WriteNumber("test_examples", s.TestExamples);
        json.WriteNumber("evaluated_examples", report.Systems[0].Examples.Count);
        WriteOptional(json, "limit", (double?)s.Limit);
        json.WriteNumber("k", s.K);
        json.WriteString("k_shot_selection", s.KShotSelection);
        json.WriteNumber("max_new_tokens", s.MaxNewTokens);
        json.WriteString("max_new_tokens_source", s.MaxNewTokensSource);
        json.WriteString("decoding", s.Decoding);
        json.WriteNumber("seed", s.Seed);
        json.WriteNumber("price_per_hour", s.PricePerHour);
        WriteOptional(json, "prompt_format", s.PromptFormat);
        json.WriteEndObject();

        json.WriteStartArray("notes");
        foreach (var note in report.Notes)
        {
            json.WriteStringValue(note);
        }

        json.WriteEndArray();
        json.WriteString("created", report.Created.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>PascalCase enum names as snake_case (NotSignificant → not_significant).</summary>
    private static string Snake(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}

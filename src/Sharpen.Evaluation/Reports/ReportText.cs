using System.Globalization;
using Sharpen.Evaluation.Scoring;

namespace Sharpen.Evaluation.Reports;

/// <summary>How numbers read in the reports and on the console, in one place (invariant culture).</summary>
public static class ReportText
{
    /// <summary>A metric value: fractions as percentages, BLEU on its 0–100 scale, loss in nats.</summary>
    public static string Value(string metric, double value) => metric switch
    {
        MetricSuite.Bleu => Invariant($"{value:0.00}"),
        MetricSuite.Loss => Invariant($"{value:0.000}"),
        _ => Invariant($"{value * 100:0.0}%"),
    };

    /// <summary>A difference: percentage points for fractions.</summary>
    public static string Difference(string metric, double value) => metric switch
    {
        MetricSuite.Bleu => Invariant($"{value:+0.00;-0.00;0.00}"),
        MetricSuite.Loss => Invariant($"{value:+0.000;-0.000;0.000}"),
        _ => Invariant($"{value * 100:+0.0;-0.0;0.0} pp"),
    };

    public static string Interval(string metric, double lower, double upper) => $"[{Value(metric, lower)}, {Value(metric, upper)}]";

    public static string DifferenceInterval(string metric, double lower, double upper) => $"[{Difference(metric, lower)}, {Difference(metric, upper)}]";

    public static string PValue(double p) => p < 0.0001 ? "< 0.0001" : Invariant($"{p:0.0000}");

    public static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Megabytes(long? bytes) => bytes is { } b ? Invariant($"{b / 1e6:N0} MB") : "n/a";

    public static string Milliseconds(double? value) => value is { } v ? Number(v, "0.0") + " ms" : "n/a";

    public static string Optional(double? value, string format) => value is { } v ? Number(v, format) : "n/a";

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

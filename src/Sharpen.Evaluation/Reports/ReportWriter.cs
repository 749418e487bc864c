using Sharpen.Core.IO;

namespace Sharpen.Evaluation.Reports;

/// <summary>Writes a report folder atomically: report.md, report.html, results.jsonl and summary.json appear together or not at all.</summary>
public static class ReportWriter
{
    public const string Markdown = "report.md";
    public const string Html = "report.html";
    public const string Results = "results.jsonl";
    public const string Summary = "summary.json";

    /// <summary>Writes <paramref name="report"/> into <paramref name="directory"/>, replacing an earlier report there; returns its full path.</summary>
    public static string Write(EvaluationReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        return AtomicDirectory.Write(directory, overwrite: true, staging =>
        {
            File.WriteAllText(Path.Combine(staging, Markdown), MarkdownReport.Render(report));
            File.WriteAllText(Path.Combine(staging, Html), HtmlReport.Render(report));
            using (var results = File.Create(Path.Combine(staging, Results)))
            {
                JsonReport.WriteResults(report, results);
            }

            using var summary = File.Create(Path.Combine(staging, Summary));
            JsonReport.WriteSummary(report, summary);
        });
    }
}

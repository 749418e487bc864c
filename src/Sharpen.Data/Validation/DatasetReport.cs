using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sharpen.Data.Analysis;
using Sharpen.Data.Formats;
using Sharpen.Data.Reading;
using Sharpen.Data.Splitting;

namespace Sharpen.Data.Validation;

/// <summary>
/// What validation (or preparation) found in one file: formats, counts, every issue with its location, what each
/// cleaning rule flagged, label balance, size statistics and, after <c>prepare</c>, the splits. Renders for people
/// (<see cref="ToText"/>, <see cref="ToMarkdown"/>) and machines (<see cref="ToJson"/>); <see cref="Severity"/> sets
/// the exit code.
/// </summary>
public sealed class DatasetReport
{
    private static readonly JsonWriterOptions s_json = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal DatasetReport(AnalysisResult analysis)
    {
        File = analysis.Path;
        FileFormat = analysis.FileFormat;
        Format = analysis.Format;
        Records = analysis.Records;
        ValidExamples = analysis.Valid;
        KeptExamples = analysis.Kept;
        PiiReplacements = analysis.PiiReplacements;
        FlaggedByRule = analysis.RemovedByRule;
        Flagged = analysis.Dropped;
        LabelCounts = analysis.LabelCounts;
        Issues = analysis.Issues.Issues;
        IssueCounts = analysis.Issues.CountsByCode;
        IssuesOmitted = analysis.Issues.Omitted;
        Statistics = analysis.Statistics;
        // Issues beyond the kept cap still count: an omitted error must not turn the verdict green.
        Severity = analysis.Issues.Worst;
    }

    /// <summary>The input file.</summary>
    public string File { get; }

    /// <summary>The container format read.</summary>
    public DatasetFileFormat FileFormat { get; }

    /// <summary>The example format detected or given; null when none fitted.</summary>
    public DetectedFormat? Format { get; }

    /// <summary>Records read (parsed lines, rows or array elements).</summary>
    public long Records { get; }

    /// <summary>Records that became a well-formed conversation.</summary>
    public int ValidExamples { get; }

    /// <summary>Valid examples that no cleaning rule flagged.</summary>
    public int KeptExamples { get; }

    /// <summary>Personal data replaced by placeholders (when scrubbing was on).</summary>
    public int PiiReplacements { get; }

    /// <summary>How many examples each cleaning rule flagged (removed, in <c>prepare</c>), by issue code.</summary>
    public IReadOnlyDictionary<string, int> FlaggedByRule { get; }

    /// <summary>A few flagged examples per rule.</summary>
    public IReadOnlyList<DroppedExample> Flagged { get; }

    /// <summary>Kept examples per label (empty without labels).</summary>
    public IReadOnlyDictionary<string, int> LabelCounts { get; }

    /// <summary>The issues, in the order found, up to the configured cap.</summary>
    public IReadOnlyList<DataIssue> Issues { get; }

    /// <summary>Exact number of issues per code, including those beyond the cap.</summary>
    public IReadOnlyDictionary<string, int> IssueCounts { get; }

    /// <summary>Issues counted but not kept because of the cap.</summary>
    public int IssuesOmitted { get; }

    /// <summary>Size and token statistics of the kept examples.</summary>
    public DatasetStatistics Statistics { get; }

    /// <summary>The worst severity among the issues: map <see cref="IssueSeverity.Error"/> to a failing exit code.</summary>
    public IssueSeverity Severity { get; private set; }

    /// <summary>The splits written by <c>prepare</c>; null after <c>validate</c>.</summary>
    public SplitSummary? Splits { get; internal set; }

    /// <summary>Issues of one code, for tests and tools.</summary>
    public IEnumerable<DataIssue> IssuesWithCode(string code) => Issues.Where(i => i.Code == code);

    internal void RaiseSeverity(IssueSeverity severity) => Severity = severity > Severity ? severity : Severity;

    /// <summary>A plain-text report with aligned tables, for terminals and logs.</summary>
    public string ToText() => Render(markdown: false);

    /// <summary>The same report as Markdown (<c>report.md</c>).</summary>
    public string ToMarkdown() => Render(markdown: true);

    private string Render(bool markdown)
    {
        var b = new StringBuilder();
        var h = markdown ? "## " : string.Empty;
        b.Append(markdown ? "# " : string.Empty).Append("Dataset report: ").Append(Path.GetFileName(File)).Append('\n').Append('\n');
        Table(b, markdown, ["item", "value"],
        [
            ["file format", FileFormat.ToString()],
            ["example format", Format?.ToString() ?? "unknown"],
            ["records read", Records.ToString(CultureInfo.InvariantCulture)],
            ["valid examples", ValidExamples.ToString(CultureInfo.InvariantCulture)],
            ["kept examples", KeptExamples.ToString(CultureInfo.InvariantCulture)],
            ["severity", Severity.ToString().ToLowerInvariant()],
            ["unicode normalisation", Cleaning.TextNormalizer.NfkcAvailable ? "NFKC + whitespace" : "whitespace only (NFKC unavailable: invariant globalization)"],
        ]);
        if (PiiReplacements > 0)
        {
            b.Append("PII replacements: ").Append(PiiReplacements).Append('\n').Append('\n');
        }

        if (FlaggedByRule.Count > 0)
        {
            b.Append(h).Append("Cleaning rules (examples flagged)\n\n");
            Table(b, markdown, ["rule", "count"], FlaggedByRule.Select(p => new[] { p.Key, p.Value.ToString(CultureInfo.InvariantCulture) }));
            b.Append(h).Append("Flagged examples\n\n");
            Table(b, markdown, ["rule", "line", "duplicate of", "similarity", "text"], Flagged.Select(d => new[]
            {
                d.Rule, d.Line.ToString(CultureInfo.InvariantCulture), d.DuplicateOfLine?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                d.Similarity?.ToString("0.00", CultureInfo.InvariantCulture) ?? string.Empty, d.Preview,
            }));
        }

        if (Splits is { } splits)
        {
            b.Append(h).Append("Splits\n\n");
            Table(b, markdown, ["split", "examples", "sha256"], splits.Splits.Select(s => new[] { s.Name, s.Count.ToString(CultureInfo.InvariantCulture), s.Sha256 }));
            b.Append("Seed ").Append(splits.Seed).Append(splits.Stratified ? ", stratified by label" : ", not stratified")
                .Append("; examples moved to keep duplicates on one side: ").Append(splits.LeakageMoved).Append('\n').Append('\n');
        }

        var s = Statistics;
        b.Append(h).Append("Statistics\n\n");
        var rows = new List<string[]>
        {
            new[] { "examples", s.Examples.ToString(CultureInfo.InvariantCulture) },
            new[] { "messages per example (min / mean / max)", string.Create(CultureInfo.InvariantCulture, $"{s.MinMessages} / {s.MeanMessages:0.00} / {s.MaxMessages}") },
        };
        if (s.TotalTokens is not null)
        {
            rows.Add(["tokens per example (min / median / p95 / max)", $"{s.MinTokens} / {s.MedianTokens} / {s.P95Tokens} / {s.MaxTokens}"]);
            rows.Add(["total tokens", s.TotalTokens.Value.ToString(CultureInfo.InvariantCulture)]);
            if (s.ContextLength is not null)
            {
                rows.Add(["examples over context " + s.ContextLength, s.OverContext?.ToString(CultureInfo.InvariantCulture) ?? "0"]);
            }
        }

        Table(b, markdown, ["statistic", "value"], rows);
        if (LabelCounts.Count > 0)
        {
            b.Append(h).Append("Labels (").Append(LabelCounts.Count).Append(")\n\n");
            Table(b, markdown, ["label", "examples"], LabelCounts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => new[] { p.Key, p.Value.ToString(CultureInfo.InvariantCulture) }));
        }

        b.Append(h).Append("Issues\n\n");
        if (IssueCounts.Count == 0)
        {
            b.Append("None.\n");
        }
        else
        {
            Table(b, markdown, ["code", "count"], IssueCounts.Select(p => new[] { p.Key, p.Value.ToString(CultureInfo.InvariantCulture) }));
            foreach (var issue in Issues)
            {
                b.Append(markdown ? "- " : string.Empty).Append(issue).Append('\n');
            }

            if (IssuesOmitted > 0)
            {
                b.Append(IssuesOmitted).Append(" more issues not listed.\n");
            }
        }

        return b.ToString();
    }

    private static void Table(StringBuilder b, bool markdown, string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.Select(r => r.Select(c => c.Replace('\n', ' ').Replace("|", markdown ? "\\|" : "|", StringComparison.Ordinal)).ToArray()).ToList();
        var widths = header.Select((c, i) => Math.Max(c.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        void Row(IReadOnlyList<string> cells)
        {
            if (markdown)
            {
                b.Append("| ").Append(string.Join(" | ", cells)).Append(" |\n");
            }
            else
            {
                b.Append(string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd()).Append('\n');
            }
        }

        Row(header);
        if (markdown)
        {
            b.Append('|').Append(string.Concat(header.Select(_ => " --- |"))).Append('\n');
        }
        else
        {
            b.Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
        }

        foreach (var row in all)
        {
            Row(row);
        }

        b.Append('\n');
    }

    /// <summary>The report as indented JSON with stable key order (<c>report.json</c>, <c>--json</c>).</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, s_json))
        {
            w.WriteStartObject();
            w.WriteString("file", File);
            w.WriteString("file_format", FileFormat.ToString());
            w.WriteString("example_format", Format?.Format.ToString());
            w.WriteString("severity", Severity.ToString().ToLowerInvariant());
            w.WriteBoolean("nfkc_applied", Cleaning.TextNormalizer.NfkcAvailable);
            w.WriteNumber("records", Records);
            w.WriteNumber("valid_examples", ValidExamples);
            w.WriteNumber("kept_examples", KeptExamples);
            w.WriteNumber("pii_replacements", PiiReplacements);
            WriteCounts(w, "flagged_by_rule", FlaggedByRule);
            w.WriteStartArray("flagged_examples");
            foreach (var d in Flagged)
            {
                w.WriteStartObject();
                w.WriteString("rule", d.Rule);
                w.WriteNumber("line", d.Line);
                if (d.DuplicateOfLine is { } of)
                {
                    w.WriteNumber("duplicate_of_line", of);
                }

                if (d.Similarity is { } sim)
                {
                    w.WriteNumber("similarity", Math.Round(sim, 4));
                }

                w.WriteString("text", d.Preview);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            WriteCounts(w, "labels", LabelCounts);
            var s = Statistics;
            w.WriteStartObject("statistics");
            w.WriteNumber("examples", s.Examples);
            w.WriteNumber("min_messages", s.MinMessages);
            w.WriteNumber("mean_messages", Math.Round(s.MeanMessages, 4));
            w.WriteNumber("max_messages", s.MaxMessages);
            if (s.TotalTokens is not null)
            {
                w.WriteNumber("min_tokens", s.MinTokens!.Value);
                w.WriteNumber("median_tokens", s.MedianTokens!.Value);
                w.WriteNumber("p95_tokens", s.P95Tokens!.Value);
                w.WriteNumber("max_tokens", s.MaxTokens!.Value);
                w.WriteNumber("total_tokens", s.TotalTokens.Value);
                if (s.ContextLength is { } context)
                {
                    w.WriteNumber("context_length", context);
                    w.WriteNumber("over_context", s.OverContext ?? 0);
                }
            }

            w.WriteEndObject();
            if (Splits is { } splits)
            {
                w.WriteStartObject("splits");
                w.WriteNumber("seed", splits.Seed);
                w.WriteBoolean("stratified", splits.Stratified);
                w.WriteNumber("leakage_moved", splits.LeakageMoved);
                foreach (var split in splits.Splits)
                {
                    w.WriteStartObject(split.Name);
                    w.WriteNumber("examples", split.Count);
                    w.WriteString("sha256", split.Sha256);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            WriteCounts(w, "issue_counts", IssueCounts);
            w.WriteNumber("issues_omitted", IssuesOmitted);
            w.WriteStartArray("issues");
            foreach (var issue in Issues)
            {
                w.WriteStartObject();
                w.WriteString("code", issue.Code);
                w.WriteString("severity", issue.Severity.ToString().ToLowerInvariant());
                w.WriteString("file", issue.File);
                if (issue.Line is { } line)
                {
                    w.WriteNumber("line", line);
                }

                if (issue.MessageIndex is { } index)
                {
                    w.WriteNumber("message_index", index);
                }

                w.WriteString("message", issue.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, IEnumerable<KeyValuePair<string, int>> counts)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in counts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteNumber(key, value);
        }

        w.WriteEndObject();
    }
}

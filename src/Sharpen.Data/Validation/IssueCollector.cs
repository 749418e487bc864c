namespace Sharpen.Data.Validation;

/// <summary>
/// Gathers issues while a file streams past. Counts per code are always exact; the issues themselves are kept up to
/// a cap so that a million broken lines do not fill memory (the report says how many were left out).
/// </summary>
internal sealed class IssueCollector(int maxIssuesKept)
{
    private readonly List<DataIssue> _issues = [];
    private readonly SortedDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public IReadOnlyList<DataIssue> Issues => _issues;

    public IReadOnlyDictionary<string, int> CountsByCode => _counts;

    public int Total { get; private set; }

    public int Omitted => Total - _issues.Count;

    /// <summary>The worst severity seen, counting issues beyond the cap.</summary>
    public IssueSeverity Worst { get; private set; }

    public void Add(DataIssue issue)
    {
        Total++;
        Worst = issue.Severity > Worst ? issue.Severity : Worst;
        _counts[issue.Code] = _counts.TryGetValue(issue.Code, out var n) ? n + 1 : 1;
        // File-wide findings (no line) are few and are the verdict: always keep them.
        if (_issues.Count < maxIssuesKept || issue.Line is null)
        {
            _issues.Add(issue);
        }
    }

    /// <summary>
    /// Combines collectors filled by different pipeline stages into one, ordered by line (file-wide issues last,
    /// earlier stages first on the same line), so the report does not depend on thread timing.
    /// </summary>
    public static IssueCollector Merge(int maxIssuesKept, params IssueCollector[] parts)
    {
        var merged = new IssueCollector(maxIssuesKept);
        var ordered = parts.SelectMany((part, stage) => part._issues.Select((issue, index) => (issue, stage, index)))
            .OrderBy(x => x.issue.Line ?? long.MaxValue).ThenBy(x => x.stage).ThenBy(x => x.index);
        foreach (var (issue, _, _) in ordered)
        {
            merged.Add(issue);
        }

        // Issues the parts already dropped beyond their caps still count.
        foreach (var part in parts)
        {
            merged.Total += part.Omitted;
            merged.Worst = part.Worst > merged.Worst ? part.Worst : merged.Worst;
            foreach (var (code, count) in part._counts)
            {
                var kept = part._issues.Count(i => i.Code == code);
                merged._counts[code] = merged._counts.GetValueOrDefault(code) + count - kept;
            }
        }

        return merged;
    }

    public void Error(string code, string file, long? line, string message, int? messageIndex = null) =>
        Add(new DataIssue(code, IssueSeverity.Error, file, line, messageIndex, message));

    public void Warning(string code, string file, long? line, string message, int? messageIndex = null) =>
        Add(new DataIssue(code, IssueSeverity.Warning, file, line, messageIndex, message));
}

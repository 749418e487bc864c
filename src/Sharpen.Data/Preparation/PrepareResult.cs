using Sharpen.Data.Validation;

namespace Sharpen.Data.Preparation;

/// <summary>What <see cref="DatasetPreparer.Prepare"/> wrote.</summary>
/// <param name="Report">The full report (also written as report.md and report.json).</param>
/// <param name="SplitPaths">Path of each written split file by name (train, validation and, unless its share is 0, test).</param>
/// <param name="ManifestPath">Path of manifest.json: input hash, options, counts and split hashes.</param>
public sealed record PrepareResult(DatasetReport Report, IReadOnlyDictionary<string, string> SplitPaths, string ManifestPath)
{
    /// <summary>The report's severity: map <see cref="IssueSeverity.Error"/> to a failing exit code.</summary>
    public IssueSeverity Severity => Report.Severity;
}

using Sharpen.Data.Formats;
using Sharpen.Data.Reading;
using Sharpen.Data.Validation;

namespace Sharpen.Data.Analysis;

/// <summary>Everything one streaming pass learned about a file.</summary>
internal sealed class AnalysisResult
{
    public required string Path { get; init; }

    public required DatasetFileFormat FileFormat { get; init; }

    public DetectedFormat? Format { get; set; }

    public long Records { get; set; }

    public int Valid { get; set; }

    public int Kept { get; set; }

    public int PiiReplacements { get; set; }

    public SortedDictionary<string, int> RemovedByRule { get; } = new(StringComparer.Ordinal);

    public List<DroppedExample> Dropped { get; } = [];

    public SortedDictionary<string, int> LabelCounts { get; } = new(StringComparer.Ordinal);

    public required IssueCollector Issues { get; init; }

    public DatasetStatistics Statistics { get; set; } = new();
}

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

    public List<int> MessageCounts { get; private set; } = [];

    public List<int>? TokenCounts { get; set; }

    public int OverContext { get; set; }

    /// <summary>Takes every finding but the issues from another result (used when stage issue lists are merged).</summary>
    public void CopyFrom(AnalysisResult other)
    {
        Format = other.Format;
        Records = other.Records;
        Valid = other.Valid;
        Kept = other.Kept;
        PiiReplacements = other.PiiReplacements;
        MessageCounts = other.MessageCounts;
        TokenCounts = other.TokenCounts;
        OverContext = other.OverContext;
        foreach (var (k, v) in other.RemovedByRule)
        {
            RemovedByRule[k] = v;
        }

        Dropped.AddRange(other.Dropped);
        foreach (var (k, v) in other.LabelCounts)
        {
            LabelCounts[k] = v;
        }
    }
}

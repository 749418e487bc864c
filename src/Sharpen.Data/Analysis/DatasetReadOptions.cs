using Sharpen.Data.Formats;
using Sharpen.Data.Reading;

namespace Sharpen.Data.Analysis;

/// <summary>How a dataset file is read and turned into conversations. Every default means "work it out".</summary>
public sealed record DatasetReadOptions
{
    /// <summary>Container format; default <see cref="DatasetFileFormat.Auto"/> (extension, then content).</summary>
    public DatasetFileFormat FileFormat { get; init; } = DatasetFileFormat.Auto;

    /// <summary>Example format; default <see cref="ExampleFormat.Auto"/> (a vote over the first 64 records' keys).</summary>
    public ExampleFormat Format { get; init; } = ExampleFormat.Auto;

    /// <summary>Column mapping for flat records; setting it implies <see cref="ExampleFormat.Columns"/> unless a format is given.</summary>
    public ColumnMapping? Columns { get; init; }

    /// <summary>Top-level field holding a class label, for formats other than columns (which use <see cref="ColumnMapping.Label"/>).</summary>
    public string? LabelField { get; init; }

    /// <summary>Longer lines (or CSV rows) are reported as <c>line_too_long</c> and skipped unread. Default 8 MiB.</summary>
    public int MaxLineBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Issues kept in a report; counts per code stay exact beyond it. Default 1,000.</summary>
    public int MaxIssuesKept { get; init; } = 1000;
}

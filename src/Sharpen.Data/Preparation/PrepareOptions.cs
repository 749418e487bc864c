using Sharpen.Data.Splitting;
using Sharpen.Data.Validation;

namespace Sharpen.Data.Preparation;

/// <summary>Options of <see cref="DatasetPreparer.Prepare"/> (<c>sharpen data prepare</c>).</summary>
public sealed record PrepareOptions
{
    /// <summary>The raw dataset file (JSONL, JSONL.gz, JSON, CSV, TSV or Parquet). Required.</summary>
    public required string InputPath { get; init; }

    /// <summary>Folder for train/validation/test JSONL, manifest.json and the reports; created if missing. Required.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Reading, cleaning and token options. Default: detect everything, default cleaning, no tokenizer.</summary>
    public ValidationOptions Analysis { get; init; } = new();

    /// <summary>How to split. Default 80/10/10, seed 42, stratified, leakage prevented.</summary>
    public SplitOptions Split { get; init; } = new();
}

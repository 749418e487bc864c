namespace Sharpen.Core.Conversations;

/// <summary>
/// Where an example came from, so that every later report (validation, dedup, evaluation) can point a person at the
/// exact line to fix.
/// </summary>
/// <param name="File">Path of the input file as given by the caller.</param>
/// <param name="Line">1-based line of the record (for CSV: the line the row starts on; for Parquet: the row number).</param>
public sealed record SourceLocation(string File, long Line)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}";
}

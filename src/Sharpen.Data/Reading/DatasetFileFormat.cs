namespace Sharpen.Data.Reading;

/// <summary>
/// The container a dataset file uses. <see cref="Auto"/> looks at the extension (a trailing <c>.gz</c> is unwrapped
/// first) and, when that says nothing, at the first bytes.
/// </summary>
public enum DatasetFileFormat
{
    /// <summary>Detect from extension and content.</summary>
    Auto,

    /// <summary>One JSON object per line (<c>.jsonl</c>, <c>.ndjson</c>), optionally gzip-compressed.</summary>
    JsonLines,

    /// <summary>A single JSON array of objects (<c>.json</c>). Read whole: use JSON Lines for big data.</summary>
    JsonArray,

    /// <summary>Comma-separated values with a header row, RFC 4180 quoting.</summary>
    Csv,

    /// <summary>Tab-separated values with a header row, RFC 4180 quoting.</summary>
    Tsv,

    /// <summary>Apache Parquet with flat columns.</summary>
    Parquet,
}

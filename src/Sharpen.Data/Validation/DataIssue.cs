namespace Sharpen.Data.Validation;

/// <summary>
/// One problem found in a dataset, located precisely enough for a person to fix it: the file, the 1-based line
/// (for CSV the line a row starts on, for Parquet the row number) and, inside a conversation, the 0-based message
/// index. <see cref="Code"/> is stable (see <see cref="IssueCodes"/>) so scripts can match on it.
/// </summary>
/// <param name="Code">Stable machine-readable code, for example <c>missing_content</c>.</param>
/// <param name="Severity">Error, warning or info.</param>
/// <param name="File">The input file the problem is in.</param>
/// <param name="Line">1-based line or row, or null for a file-wide problem.</param>
/// <param name="MessageIndex">0-based index of the message inside the example, when the problem is in one message.</param>
/// <param name="Message">A plain-language explanation, saying what to change.</param>
public sealed record DataIssue(string Code, IssueSeverity Severity, string File, long? Line, int? MessageIndex, string Message)
{
    /// <summary>Renders the issue like a compiler diagnostic: <c>file:line: error code: message (message 2)</c>.</summary>
    public override string ToString()
    {
        var where = Line is { } line ? $"{File}:{line}" : File;
        var inMessage = MessageIndex is { } index ? $" (message {index})" : string.Empty;
        return $"{where}: {Severity.ToString().ToLowerInvariant()} {Code}: {Message}{inMessage}";
    }
}

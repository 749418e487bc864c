namespace Sharpen.Data.Formats;

/// <summary>
/// How flat columns (a CSV row, a Parquet row or a flat JSON object) become a conversation. For Banking77
/// (<c>text,category</c>) a classification mapping is
/// <c>new ColumnMapping { Prompt = "text", Completion = "category", Label = "category", PromptTemplate = "Classify the intent: {text}" }</c>.
/// </summary>
public sealed record ColumnMapping
{
    /// <summary>Column whose value is the user message. Ignored when <see cref="PromptTemplate"/> is set.</summary>
    public string? Prompt { get; init; }

    /// <summary>
    /// Template for the user message; <c>{column}</c> is replaced by that column's value, <c>{{</c> and <c>}}</c> are
    /// literal braces. Null means the <see cref="Prompt"/> column is used as it is.
    /// </summary>
    public string? PromptTemplate { get; init; }

    /// <summary>Column whose value is the assistant answer. Required.</summary>
    public string? Completion { get; init; }

    /// <summary>Optional column holding a per-row system message.</summary>
    public string? System { get; init; }

    /// <summary>Optional fixed system message put before every example (used when <see cref="System"/> is null).</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>Optional column holding the class label; drives stratified splits and the class-balance check.</summary>
    public string? Label { get; init; }

    /// <summary>Banking77-style classification: the text is the prompt, the label is both the answer and the class.</summary>
    public static ColumnMapping Classification(string textColumn, string labelColumn, string? promptTemplate = null) => new()
    {
        Prompt = textColumn,
        Completion = labelColumn,
        Label = labelColumn,
        PromptTemplate = promptTemplate,
    };
}

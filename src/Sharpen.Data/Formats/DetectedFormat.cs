namespace Sharpen.Data.Formats;

/// <summary>The example format a file was read with, and the column mapping when it is <see cref="ExampleFormat.Columns"/>.</summary>
/// <param name="Format">The format.</param>
/// <param name="Mapping">The mapping used for <see cref="ExampleFormat.Columns"/> (given or inferred), else null.</param>
public sealed record DetectedFormat(ExampleFormat Format, ColumnMapping? Mapping)
{
    /// <inheritdoc />
    public override string ToString() => Mapping is null
        ? Format.ToString()
        : $"{Format} (prompt: {Mapping.PromptTemplate ?? Mapping.Prompt}, completion: {Mapping.Completion}, label: {Mapping.Label ?? "none"})";
}

namespace Sharpen.Hosting.Files;

/// <summary>
/// An upload was refused because its content does not fit its purpose (for <c>fine-tune</c>: the data step's checks
/// found errors). <see cref="Problems"/> lists the first problems, each naming the file and line, for the client to fix.
/// </summary>
public sealed class FileValidationException(string fileName, IReadOnlyList<string> problems, int totalProblems)
    : Exception($"{fileName} is not a valid fine-tuning file: {string.Join("; ", problems)}"
        + (totalProblems > problems.Count ? $" (and {totalProblems - problems.Count} more problems)" : string.Empty))
{
    /// <summary>The first problems found, in file order.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;

    /// <summary>How many problems were found in all.</summary>
    public int TotalProblems { get; } = totalProblems;
}

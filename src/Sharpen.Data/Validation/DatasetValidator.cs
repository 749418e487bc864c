using Sharpen.Data.Analysis;

namespace Sharpen.Data.Validation;

/// <summary>
/// Entry point of <c>sharpen data validate FILE</c>: reads the whole file once, streaming, and reports every problem
/// with file, line and a stable code, plus what cleaning would remove and rule-of-thumb warnings. Never stops at the
/// first error and never changes the file.
/// </summary>
public static class DatasetValidator
{
    /// <summary>Validates <paramref name="path"/>; <paramref name="options"/> defaults to detecting everything.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    public static DatasetReport Validate(string path, ValidationOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var analysis = new DatasetAnalyzer(path, options ?? new ValidationOptions()).Run();
        return new DatasetReport(analysis);
    }
}

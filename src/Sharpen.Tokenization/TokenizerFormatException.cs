namespace Sharpen.Tokenization;

/// <summary>
/// A tokenizer file exists but cannot be used: malformed JSON or protobuf, a missing field, or a component this
/// library does not implement. Callers show the message to users, so it always names the file and, where it applies,
/// the line or byte offset and the offending value.
/// </summary>
public sealed class TokenizerFormatException : Exception
{
    public TokenizerFormatException(string filePath, string problem, Exception? innerException = null)
        : base($"{filePath}: {problem}", innerException)
    {
        FilePath = filePath;
        Problem = problem;
    }

    public TokenizerFormatException()
        : this(string.Empty, "invalid tokenizer file")
    {
    }

    public TokenizerFormatException(string message)
        : this(string.Empty, message)
    {
    }

    public TokenizerFormatException(string message, Exception innerException)
        : this(string.Empty, message, innerException)
    {
    }

    /// <summary>The file that could not be read.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it, without the path.</summary>
    public string Problem { get; }
}

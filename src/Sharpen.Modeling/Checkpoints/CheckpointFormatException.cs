namespace Sharpen.Modeling.Checkpoints;

/// <summary>
/// A checkpoint file (safetensors, GGUF, llama2.c, index JSON) is corrupt, truncated or uses something Sharpen does not
/// support. The message always names the file and the problem, and the byte offset where one applies, so a user can tell
/// a bad download from a bug without a debugger.
/// </summary>
public sealed class CheckpointFormatException : Exception
{
    public CheckpointFormatException()
    {
        FilePath = string.Empty;
    }

    public CheckpointFormatException(string message)
        : base(message)
    {
        FilePath = string.Empty;
    }

    public CheckpointFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
    }

    public CheckpointFormatException(string filePath, string problem, Exception? innerException = null)
        : base($"{filePath}: {problem}", innerException)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The file that was refused.</summary>
    public string FilePath { get; }

    /// <summary>The problem alone, without the file name.</summary>
    public string? Problem { get; }
}

namespace Sharpen.Hosting.Files;

/// <summary>An upload exceeded the store's size limit; the partial data has been discarded.</summary>
public sealed class FileTooLargeException(long limitBytes)
    : Exception($"The file is larger than the server's upload limit of {limitBytes} bytes.")
{
    /// <summary>The limit that was exceeded, in bytes.</summary>
    public long LimitBytes { get; } = limitBytes;
}

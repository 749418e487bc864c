namespace Sharpen.Hosting.Files;

/// <summary>
/// An upload received into the store's scratch folder but not yet accepted. <see cref="FileStore.Commit"/> moves it
/// into place; disposing it without committing deletes it, so a rejected or interrupted upload leaves nothing behind.
/// </summary>
public sealed class IncomingFile : IDisposable
{
    internal IncomingFile(string tempPath, long bytes, string sha256)
    {
        TempPath = tempPath;
        Bytes = bytes;
        Sha256 = sha256;
    }

    /// <summary>Size in bytes.</summary>
    public long Bytes { get; }

    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public string Sha256 { get; }

    internal string TempPath { get; }

    internal bool Committed { get; set; }

    public void Dispose()
    {
        if (!Committed)
        {
            File.Delete(TempPath);
        }
    }
}

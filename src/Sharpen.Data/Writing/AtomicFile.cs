namespace Sharpen.Data.Writing;

/// <summary>
/// Writes files so a reader never sees half of one: the content goes to <c>name.tmp</c> in the same folder, is
/// flushed to disk, then renamed over the target (a rename within a folder is atomic on POSIX file systems).
/// </summary>
internal static class AtomicFile
{
    public static string TempPathFor(string path) => path + ".tmp";

    public static FileStream CreateTemp(string path) =>
        new(TempPathFor(path), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);

    public static void Commit(FileStream temp, string path)
    {
        temp.Flush(flushToDisk: true);
        temp.Dispose();
        File.Move(TempPathFor(path), path, overwrite: true);
    }

    public static void WriteAllText(string path, string text)
    {
        using var temp = CreateTemp(path);
        temp.Write(System.Text.Encoding.UTF8.GetBytes(text));
        Commit(temp, path);
    }
}

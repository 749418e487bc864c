namespace Sharpen.Core.IO;

/// <summary>
/// Writes a folder (an exported or imported model, an adapter) atomically: everything goes into a hidden staging folder beside the target, which takes the
/// target's name only once complete (the old folder, if overwriting, is moved aside first and deleted last).
/// </summary>
public static class AtomicDirectory
{
    /// <summary>Fills a staging folder with <paramref name="fill"/> and renames it to <paramref name="outputFolder"/>; a non-empty target is refused unless <paramref name="overwrite"/>.</summary>
    public static string Write(string outputFolder, bool overwrite, Action<string> fill)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputFolder);
        var target = Path.GetFullPath(outputFolder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var parent = Path.GetDirectoryName(target) ?? throw new ArgumentException($"'{target}' has no parent folder.", nameof(outputFolder));
        if (File.Exists(target))
        {
            throw new IOException($"Output path '{target}' is a file, not a folder.");
        }

        var exists = Directory.Exists(target);
        if (exists && Directory.EnumerateFileSystemEntries(target).Any() && !overwrite)
        {
            throw new IOException($"Output folder '{target}' is not empty; choose another folder or ask to overwrite it.");
        }

        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.staging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            fill(staging);
            if (!exists)
            {
                Directory.Move(staging, target);
                return target;
            }

            var old = Path.Combine(parent, $".{Path.GetFileName(target)}.old-{Guid.NewGuid():N}");
            Directory.Move(target, old);
            try
            {
                Directory.Move(staging, target);
            }
            catch
            {
                Directory.Move(old, target);
                throw;
            }

            TryDelete(old);
            return target;
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A hidden leftover is harmless; the outcome of the write matters more.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}

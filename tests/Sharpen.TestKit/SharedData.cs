namespace Sharpen.TestKit;

/// <summary>
/// Locates the read-only <c>shared/</c> folder that sits beside the repository (<c>../shared</c>): real models,
/// tokenizers and datasets. Tests never download anything; when the folder is missing they fail with a clear
/// message rather than skip, so CI cannot go green without having run them.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>Absolute path of the shared folder.</summary>
    public static string Root => s_root.Value;

    /// <summary>Absolute path of the repository root (the folder holding <c>Sharpen.slnx</c>).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>An absolute path under the shared folder; fails if it does not exist.</summary>
    public static string Path(params string[] parts)
    {
        var path = System.IO.Path.Combine([Root, .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"Shared test asset '{System.IO.Path.Combine(parts)}' is missing under {Root}.", path);
        }

        return path;
    }

    private static string FindRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("SHARPEN_SHARED_DIR");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return Directory.Exists(fromEnv)
                ? System.IO.Path.GetFullPath(fromEnv)
                : throw new DirectoryNotFoundException($"SHARPEN_SHARED_DIR points to '{fromEnv}', which does not exist.");
        }

        var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, "..", "shared"));
        return Directory.Exists(candidate)
            ? candidate
            : throw new DirectoryNotFoundException(
                $"The shared data folder was not found at '{candidate}'. Clone the repository beside 'shared/' or set SHARPEN_SHARED_DIR.");
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Sharpen.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Sharpen.slnx above {AppContext.BaseDirectory}.");
    }
}

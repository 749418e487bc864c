namespace Sharpen.Hosting;

/// <summary>
/// Where Sharpen keeps what it owns. <c>SHARPEN_HOME</c> (default <c>~/.sharpen</c>) holds imported models;
/// <c>SHARPEN_RUNS</c> (default <c>./runs</c>) holds run folders, so a project's runs live beside its configs.
/// </summary>
public sealed record SharpenPaths(string Home, string Models, string Runs)
{
    public static SharpenPaths FromEnvironment()
    {
        var home = Environment.GetEnvironmentVariable("SHARPEN_HOME");
        if (string.IsNullOrWhiteSpace(home))
        {
            home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".sharpen");
        }

        var runs = Environment.GetEnvironmentVariable("SHARPEN_RUNS");
        if (string.IsNullOrWhiteSpace(runs))
        {
            runs = Path.Combine(Environment.CurrentDirectory, "runs");
        }

        home = Path.GetFullPath(home);
        return new SharpenPaths(home, Path.Combine(home, "models"), Path.GetFullPath(runs));
    }
}

using Sharpen.Hosting.Files;
using Sharpen.Hosting.Inference;
using Sharpen.Hosting.Models;
using Sharpen.Hosting.Security;
using Sharpen.Hosting.Storage;

namespace Sharpen.Hosting;

/// <summary>
/// The application layer of a Sharpen service in one object: the database, API keys, files, model registry and cache,
/// and chat. The HTTP server (and tests, and the CLI's <c>keys</c> command) build one from <see cref="HostingOptions"/>
/// and hand its parts to their handlers; it has no ASP.NET dependency.
/// </summary>
public sealed class SharpenHost : IDisposable
{
    private SharpenHost(HostingOptions options, TimeProvider time)
    {
        DataDirectory = Path.GetFullPath(options.DataDirectory);
        Time = time;
        Database = SharpenDatabase.Open(DataDirectory);
        ApiKeys = new ApiKeyStore(Database, time);
        Files = new FileStore(Database, DataDirectory, options.MaxUploadBytes, time);
        Models = new ModelRegistry(Path.Combine(DataDirectory, "models"));
        foreach (var (name, path) in options.Models)
        {
            Models.Register(name, path);
        }

        ModelCache = new ModelCache(Models, options.ModelCacheSize, options.DType);
        Chat = new ChatService(ModelCache, time);
    }

    public string DataDirectory { get; }

    public TimeProvider Time { get; }

    public SharpenDatabase Database { get; }

    public ApiKeyStore ApiKeys { get; }

    public FileStore Files { get; }

    public ModelRegistry Models { get; }

    public ModelCache ModelCache { get; }

    public ChatService Chat { get; }

    /// <summary>Opens (creating if needed) the data folder of <paramref name="options"/>.</summary>
    public static SharpenHost Open(HostingOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new SharpenHost(options, time ?? TimeProvider.System);
    }

    public void Dispose() => ModelCache.Dispose();
}

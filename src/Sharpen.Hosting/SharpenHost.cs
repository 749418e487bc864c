using Sharpen.Hosting.Files;
using Sharpen.Hosting.Inference;
using Sharpen.Hosting.Jobs;
using Sharpen.Hosting.Models;
using Sharpen.Hosting.Security;
using Sharpen.Hosting.Storage;

namespace Sharpen.Hosting;

/// <summary>
/// The application layer of a Sharpen service in one object: the database, API keys, files, fine-tuning jobs and their
/// runner, model registry (base and <c>ft:</c> models) and cache, and chat. The HTTP server (and tests, and the CLI's
/// <c>keys</c> command) build one from <see cref="HostingOptions"/> and hand its parts to their handlers; it has no
/// ASP.NET dependency. The job runner only runs once started (<c>sharpen serve</c> starts it).
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
        var jobStore = new JobStore(Database, Path.Combine(DataDirectory, "jobs"), time);
        Models = new ModelRegistry(Path.Combine(DataDirectory, "models"), jobStore.FindModel);
        foreach (var (name, path) in options.Models)
        {
            Models.Register(name, path);
        }

        ModelCache = new ModelCache(Models, options.ModelCacheSize, options.DType);
        Chat = new ChatService(ModelCache, time);
        Jobs = new JobService(jobStore, Files, Models, new JobRunner(jobStore, Files, Models, options.MaxConcurrentJobs, options.JobThreads, time));
    }

    public string DataDirectory { get; }

    public TimeProvider Time { get; }

    public SharpenDatabase Database { get; }

    public ApiKeyStore ApiKeys { get; }

    public FileStore Files { get; }

    public ModelRegistry Models { get; }

    public ModelCache ModelCache { get; }

    public ChatService Chat { get; }

    public JobService Jobs { get; }

    /// <summary>The models <paramref name="project"/> may use: every base model and the project's fine-tuned ones.</summary>
    public IReadOnlyList<RegisteredModel> ModelsFor(string project) => [.. Models.List(), .. Jobs.Store.ListModels(project)];

    /// <summary>The model <paramref name="id"/> if <paramref name="project"/> may use it (a base model, or one of its own fine-tuned models or checkpoints).</summary>
    public RegisteredModel? FindModelFor(string project, string id) =>
        Models.Find(id) is { } model && (model.Project is null || model.Project == project) ? model : null;

    /// <summary>Opens (creating if needed) the data folder of <paramref name="options"/>.</summary>
    public static SharpenHost Open(HostingOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new SharpenHost(options, time ?? TimeProvider.System);
    }

    public void Dispose()
    {
        Jobs.Runner.DisposeAsync().AsTask().GetAwaiter().GetResult();
        ModelCache.Dispose();
    }
}

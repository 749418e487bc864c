using static TorchSharp.torch;

namespace Sharpen.Hosting;

/// <summary>
/// What a <see cref="SharpenHost"/> needs: the data folder (database, uploaded files, <c>models/</c>), extra models by
/// name, and the limits. Defaults suit a single workstation.
/// </summary>
public sealed record HostingOptions
{
    /// <summary>Holds <c>sharpen.db</c>, <c>files/</c>, <c>jobs/</c> and <c>models/</c>. Required.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Models registered by name in addition to the folders under <c>models/</c> (which they override).</summary>
    public IReadOnlyDictionary<string, string> Models { get; init; } = new Dictionary<string, string>();

    /// <summary>Largest upload accepted, in bytes. Default 512 MiB.</summary>
    public long MaxUploadBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Idle models kept loaded (least recently used ones are freed beyond it). Default 2.</summary>
    public int ModelCacheSize { get; init; } = 2;

    /// <summary>Fine-tuning jobs trained at the same time (each takes the machine's cores). Default 1.</summary>
    public int MaxConcurrentJobs { get; init; } = 1;

    /// <summary>libtorch threads a job trains with; 0 = one per core (default). A busy shared machine trains faster with fewer.</summary>
    public int JobThreads { get; init; }

    /// <summary>Precision models are loaded in. Default float32.</summary>
    public ScalarType DType { get; init; } = ScalarType.Float32;

    /// <summary>Throws <see cref="ArgumentException"/> naming the option when a value is unusable.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("data directory: a folder is required.");
        }

        if (MaxUploadBytes < 1)
        {
            throw new ArgumentException($"max upload size: must be at least 1 byte, got {MaxUploadBytes}.");
        }

        if (MaxConcurrentJobs < 1)
        {
            throw new ArgumentException($"concurrent jobs: must be at least 1, got {MaxConcurrentJobs}.");
        }

        if (JobThreads < 0)
        {
            throw new ArgumentException($"job threads: must be 0 (one per core) or more, got {JobThreads}.");
        }

        if (ModelCacheSize < 1)
        {
            throw new ArgumentException($"model cache size: must be at least 1, got {ModelCacheSize}.");
        }
    }
}

namespace Sharpen.Hosting.Jobs;

/// <summary>What a client asks for when it creates a fine-tuning job (OpenAI's create body, mapped by the HTTP edge).</summary>
/// <param name="Model">a base model's id in the registry</param>
/// <param name="TrainingFile">the id of one of the project's <c>fine-tune</c> files</param>
public sealed record JobRequest(string Model, string TrainingFile)
{
    /// <summary>The id of a <c>fine-tune</c> file to validate on, or null.</summary>
    public string? ValidationFile { get; init; }

    public JobHyperparameters Hyperparameters { get; init; } = new();

    public JobMethodOptions Method { get; init; } = new();

    /// <summary>Up to 64 characters of letters, digits, '-', '_' and '.', put into the fine-tuned model's name.</summary>
    public string? Suffix { get; init; }

    /// <summary>Seeds training; a random one is chosen (and reported) when null.</summary>
    public int? Seed { get; init; }

    /// <summary>Up to 16 string pairs (keys up to 64 characters, values up to 512) to find jobs by.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

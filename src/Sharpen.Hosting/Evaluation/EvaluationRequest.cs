using Sharpen.Evaluation.Tasks;
using Sharpen.Evaluation.Verdicts;
using static TorchSharp.torch;

namespace Sharpen.Hosting.Evaluation;

/// <summary>
/// What <c>sharpen eval</c> compares. Only <see cref="Tuned"/> is required when it is a run folder: the base model, the
/// training split and the test split (<c>test.jsonl</c> beside the training file) come from its resolved config.
/// </summary>
public sealed record EvaluationRequest
{
    /// <summary>The tuned model: a run folder, a merged Hugging Face folder, or a PEFT adapter folder.</summary>
    public required string Tuned { get; init; }

    /// <summary>The base model folder; default: the run's <c>model.path</c> or the adapter's base.</summary>
    public string? Base { get; init; }

    /// <summary>The held-out test split (chat or prompt/completion JSONL, any format the data step reads).</summary>
    public string? Test { get; init; }

    /// <summary>The training split: k-shot examples and the retrieval index come from it.</summary>
    public string? Train { get; init; }

    /// <summary>General text unrelated to the task, for the forgetting check; none = not measured.</summary>
    public string? General { get; init; }

    /// <summary>Texts of <see cref="General"/> used (the first ones). Default 200.</summary>
    public int GeneralLimit { get; init; } = 200;

    /// <summary>Examples shown to the k-shot baseline. Default 4.</summary>
    public int K { get; init; } = 4;

    /// <summary>Evaluate a seeded sample of this many test examples; null = all.</summary>
    public int? Limit { get; init; }

    /// <summary>Generation budget per answer; null = from the longest reference answer (in tokens) plus a margin.</summary>
    public int? MaxNewTokens { get; init; }

    /// <summary>The task type; null = detected from the reference answers.</summary>
    public TaskType? Task { get; init; }

    /// <summary>What an hour of this machine costs, for cost per 1,000 tokens; null = the run's budget.price_per_hour, else 0.</summary>
    public double? PricePerHour { get; init; }

    /// <summary>Seed of the test sample, the k-shot fill-ins and the bootstrap. Default 42.</summary>
    public int Seed { get; init; } = 42;

    public VerdictPolicy Policy { get; init; } = new();

    /// <summary>Where the report goes; default <c>TUNED/report</c>.</summary>
    public string? Output { get; init; }

    /// <summary>Weight dtype of the models. Default float32 (the reference path).</summary>
    public ScalarType DType { get; init; } = ScalarType.Float32;

    /// <summary>libtorch threads for the run; 0 = leave libtorch's default (one per core).</summary>
    public int Threads { get; init; }

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Tuned);
        Policy.Validate();
        if (K < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(K), K, "--k must be ≥ 0.");
        }

        if (Limit is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Limit), Limit, "--limit must be ≥ 1.");
        }

        if (MaxNewTokens is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), MaxNewTokens, "--max-new-tokens must be ≥ 1.");
        }

        if (PricePerHour is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(PricePerHour), PricePerHour, "--price-per-hour must be ≥ 0.");
        }

        if (Threads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "--threads must be ≥ 0.");
        }

        if (GeneralLimit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(GeneralLimit), GeneralLimit, "--general-limit must be ≥ 1.");
        }
    }
}

namespace Sharpen.Data.Splitting;

/// <summary>
/// How kept examples are divided. The default is 80/10/10 train/validation/test; <see cref="TrainValidation"/> gives
/// 80/20 when the test set lives elsewhere. Fractions must add up to 1.
/// </summary>
public sealed record SplitOptions
{
    /// <summary>Share of examples for training. Default 0.8.</summary>
    public double Train { get; init; } = 0.8;

    /// <summary>Share for validation (early stopping, model selection). Default 0.1.</summary>
    public double Validation { get; init; } = 0.1;

    /// <summary>Share for the final test; 0 writes no test file. Default 0.1.</summary>
    public double Test { get; init; } = 0.1;

    /// <summary>Seed of the shuffle; the same seed and input always give the same split. Default 42.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Keep each label's share equal in every split when examples carry labels. Default true.</summary>
    public bool Stratify { get; init; } = true;

    /// <summary>
    /// Keep examples with the same (or a near-duplicate) prompt on one side of the split, so the validation and test
    /// sets never contain a question the model trained on. Default true.
    /// </summary>
    public bool PreventLeakage { get; init; } = true;

    /// <summary>80/20 train/validation with no test split, for when a separate test set exists.</summary>
    public static SplitOptions TrainValidation(ulong seed = 42) => new() { Train = 0.8, Validation = 0.2, Test = 0, Seed = seed };

    internal void Validate()
    {
        if (Train <= 0 || Validation < 0 || Test < 0 || Math.Abs(Train + Validation + Test - 1) > 1e-9)
        {
            throw new ArgumentOutOfRangeException(nameof(Train), $"Split fractions must be non-negative, train positive, and add up to 1 (got {Train}/{Validation}/{Test}).");
        }
    }
}

using Sharpen.Core.Conversations;
using Sharpen.Core.Text;
using Sharpen.Data.Analysis;
using Sharpen.Data.Cleaning;

namespace Sharpen.Data.Validation;

/// <summary>Options of <see cref="DatasetValidator"/> (and of the analysis step of <c>prepare</c>).</summary>
public sealed record ValidationOptions
{
    /// <summary>How to read the file. Default: detect everything.</summary>
    public DatasetReadOptions Read { get; init; } = new();

    /// <summary>Duplicate and quality rules. Default: <see cref="CleaningOptions"/> defaults.</summary>
    public CleaningOptions Cleaning { get; init; } = new();

    /// <summary>Counts tokens for statistics and the context check; null skips both.</summary>
    public ITokenizer? Tokenizer { get; init; }

    /// <summary>The model's context length in tokens; examples above it get <c>exceeds_context</c>. Needs <see cref="TokenCounter"/> or <see cref="Tokenizer"/>.</summary>
    public int? ContextLength { get; init; }

    /// <summary>
    /// Counts tokens of whole rendered examples (a model's chat template included); takes precedence over
    /// <see cref="Tokenizer"/>, which counts message contents only. Null uses <see cref="Tokenizer"/> if set.
    /// </summary>
    public IExampleTokenCounter? TokenCounter { get; init; }

    /// <summary>Warn about class imbalance when the largest class is at least this many times the smallest. Default 10.</summary>
    public double ImbalanceRatio { get; init; } = 10;

    /// <summary>Warn when at least this share of valid examples are exact or near duplicates. Default 0.05 (5%).</summary>
    public double DuplicateShareWarning { get; init; } = 0.05;

    /// <summary>Flagged examples shown per rule in reports. Default 5.</summary>
    public int ExamplesShownPerRule { get; init; } = 5;

    internal void Validate()
    {
        Cleaning.Validate();
        if (ContextLength is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ContextLength), ContextLength, "The context length must be positive.");
        }

        if (Read.MaxLineBytes < 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(Read.MaxLineBytes), Read.MaxLineBytes, "Allow lines of at least 1 KiB.");
        }
    }
}

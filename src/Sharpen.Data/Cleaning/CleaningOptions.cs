namespace Sharpen.Data.Cleaning;

/// <summary>
/// What counts as a duplicate or a low-quality example. <c>validate</c> reports these; <c>prepare</c> removes them,
/// always keeping the first occurrence of a duplicate. The defaults suit instruction and chat data.
/// </summary>
public sealed record CleaningOptions
{
    /// <summary>Remove examples equal to an earlier one after NFKC and whitespace normalisation. Default true.</summary>
    public bool RemoveExactDuplicates { get; init; } = true;

    /// <summary>Remove examples whose word shingles overlap an earlier one's by at least <see cref="NearDuplicateThreshold"/>. Default true.</summary>
    public bool RemoveNearDuplicates { get; init; } = true;

    /// <summary>Jaccard similarity (0–1] of word-shingle sets at which two examples are near duplicates. Default 0.8.</summary>
    public double NearDuplicateThreshold { get; init; } = 0.8;

    /// <summary>Words per shingle. 3 suits short chat turns; 5 is common for long documents. Default 3.</summary>
    public int ShingleSize { get; init; } = 3;

    /// <summary>MinHash permutations: more is more accurate and slower (standard error ≈ √(J(1−J)/n)). Default 128.</summary>
    public int MinHashPermutations { get; init; } = 128;

    /// <summary>
    /// Answers (the last trained assistant message) with fewer non-space characters are dropped as trivially short.
    /// Default 1, i.e. only empty answers; raise it for generative data (one-word labels are valid answers).
    /// </summary>
    public int MinAnswerCharacters { get; init; } = 1;

    /// <summary>Drop examples whose answer equals the prompt after normalisation. Default true.</summary>
    public bool RemoveAnswerEqualsPrompt { get; init; } = true;

    /// <summary>
    /// Drop examples where less than this share of characters is text (letters, marks, digits, punctuation,
    /// spaces) — binary junk, symbol soup, mojibake. Default 0.5; 0 turns the rule off.
    /// </summary>
    public double MinTextFraction { get; init; } = 0.5;

    /// <summary>Drop examples where one non-space character repeats at least this many times in a row. Default 64; 0 turns it off.</summary>
    public int MaxRepeatedCharacters { get; init; } = 64;

    /// <summary>Drop examples with more tokens than the context length (needs a tokenizer). Default true.</summary>
    public bool RemoveOverContext { get; init; } = true;

    /// <summary>
    /// Replace e-mail addresses, phone numbers, payment-card numbers (Luhn-checked) and national-ID-like numbers with
    /// placeholders such as <c>[EMAIL]</c>, for data that must be de-identified. Default false.
    /// </summary>
    public bool ScrubPii { get; init; }

    internal void Validate()
    {
        if (NearDuplicateThreshold is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(NearDuplicateThreshold), NearDuplicateThreshold, "The near-duplicate threshold must be in (0, 1].");
        }

        if (ShingleSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ShingleSize), ShingleSize, "Shingles need at least one word.");
        }

        if (MinHashPermutations is < 16 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MinHashPermutations), MinHashPermutations, "Use between 16 and 1024 MinHash permutations.");
        }

        if (MinTextFraction is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinTextFraction), MinTextFraction, "The minimum text fraction must be in [0, 1].");
        }
    }
}

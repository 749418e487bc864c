namespace Sharpen.Tokenization.Models;

/// <summary>Everything a <see cref="BpeModel"/> needs, as read from <c>tokenizer.json</c>'s <c>model</c> object.</summary>
internal sealed class BpeModelOptions
{
    public required Dictionary<string, int> Vocab { get; init; }

    /// <summary>Merges in rank order: left id, right id, id of the merged token.</summary>
    public required IReadOnlyList<(int Left, int Right, int Merged)> Merges { get; init; }

    public int? UnknownId { get; init; }

    public bool FuseUnknown { get; init; }

    public bool ByteFallback { get; init; }

    /// <summary>Llama-3 style: a word that is itself in the vocabulary is emitted whole, without merging.</summary>
    public bool IgnoreMerges { get; init; }

    public string? ContinuingSubwordPrefix { get; init; }

    public string? EndOfWordSuffix { get; init; }
}

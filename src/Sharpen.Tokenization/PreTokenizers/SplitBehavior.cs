namespace Sharpen.Tokenization.PreTokenizers;

/// <summary>What happens to the delimiter matches of a split (Hugging Face <c>SplitDelimiterBehavior</c>).</summary>
internal enum SplitBehavior
{
    /// <summary>Matches are dropped.</summary>
    Removed,

    /// <summary>Matches become words of their own.</summary>
    Isolated,

    /// <summary>A match is appended to the word before it.</summary>
    MergedWithPrevious,

    /// <summary>A match is prepended to the word after it.</summary>
    MergedWithNext,

    /// <summary>Runs of adjacent matches become one word.</summary>
    Contiguous,
}

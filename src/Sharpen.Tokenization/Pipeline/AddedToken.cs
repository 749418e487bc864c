namespace Sharpen.Tokenization.Pipeline;

/// <summary>
/// A token matched in the raw text before normalization and BPE (Hugging Face <c>added_tokens</c>, SentencePiece
/// control and user-defined pieces). <see cref="Special"/> tokens are dropped by <c>Decode(skipSpecialTokens)</c>.
/// </summary>
/// <param name="Id">The token id.</param>
/// <param name="Content">The exact text that is matched.</param>
/// <param name="Special">Whether the token is a control token (BOS, EOS, chat markers).</param>
/// <param name="LeftStrip">Whether whitespace before the token is swallowed by it.</param>
/// <param name="RightStrip">Whether whitespace after the token is swallowed by it.</param>
/// <param name="SingleWord">Whether the token only matches when not inside a word.</param>
/// <param name="Normalized">Whether the token is matched in the normalized text rather than the raw text.</param>
internal sealed record AddedToken(
    int Id,
    string Content,
    bool Special,
    bool LeftStrip = false,
    bool RightStrip = false,
    bool SingleWord = false,
    bool Normalized = false);

namespace Sharpen.Modeling.Import;

/// <summary>
/// A SentencePiece BPE vocabulary recovered from a GGUF, a <c>tokenizer.model</c> or a llama2.c <c>tokenizer.bin</c>:
/// pieces (with <c>▁</c> for spaces), their scores (merge priority: higher merges first) and types, plus the special ids
/// and normalisation flags needed to write an equivalent Hugging Face <c>tokenizer.json</c>.
/// </summary>
internal sealed record SentencePieceVocabulary(
    IReadOnlyList<string> Pieces,
    IReadOnlyList<float> Scores,
    IReadOnlyList<SentencePieceTokenType> Types,
    int UnkId,
    int? BosId,
    int? EosId,
    int? PadId,
    bool AddBos,
    bool AddEos,
    bool AddDummyPrefix,
    bool RemoveExtraWhitespaces)
{
    /// <summary>The type a piece must have when the source does not say (llama2.c's tokenizer.bin): bytes look like <c>&lt;0x41&gt;</c>.</summary>
    public static SentencePieceTokenType InferType(string piece, int id, int unkId, int? bosId, int? eosId)
    {
        if (id == unkId)
        {
            return SentencePieceTokenType.Unknown;
        }

        if (id == bosId || id == eosId)
        {
            return SentencePieceTokenType.Control;
        }

        return IsBytePiece(piece) ? SentencePieceTokenType.Byte : SentencePieceTokenType.Normal;
    }

    /// <summary>Whether the piece is a byte-fallback piece <c>&lt;0xHH&gt;</c>.</summary>
    public static bool IsBytePiece(string piece) =>
        piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>' && Uri.IsHexDigit(piece[3]) && Uri.IsHexDigit(piece[4]);

    public string PieceOrNull(int? id) => id is { } i && i >= 0 && i < Pieces.Count ? Pieces[i] : string.Empty;
}

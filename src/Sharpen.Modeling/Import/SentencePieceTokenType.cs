namespace Sharpen.Modeling.Import;

/// <summary>
/// Piece types, numbered as in SentencePiece's <c>sentencepiece_model.proto</c> (<c>SentencePiece.Type</c>); GGUF's
/// <c>tokenizer.ggml.token_type</c> uses the same numbers.
/// </summary>
internal enum SentencePieceTokenType
{
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
}

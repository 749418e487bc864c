namespace Sharpen.Tokenization.Models;

/// <summary>Kinds of SentencePiece vocabulary entries (<c>ModelProto.SentencePiece.Type</c> in sentencepiece_model.proto).</summary>
internal enum SentencePiecePieceType
{
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
}

namespace Sharpen.Tokenization.Models;

/// <summary>One vocabulary entry of a SentencePiece model: its text, its score (higher merges first) and its kind.</summary>
internal readonly record struct SentencePiecePiece(string Piece, float Score, SentencePiecePieceType Type);

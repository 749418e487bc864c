using Sharpen.Tokenization.Models;

namespace Sharpen.Tokenization.SentencePiece;

/// <summary>
/// The fields of a SentencePiece <c>ModelProto</c> that encoding depends on, with the proto's declared defaults
/// (google/sentencepiece <c>src/sentencepiece_model.proto</c>; field numbers are noted where they are read).
/// </summary>
internal sealed class SentencePieceModelProto
{
    public List<SentencePiecePiece> Pieces { get; } = [];

    /// <summary>TrainerSpec.model_type (3): 1 UNIGRAM, 2 BPE, 3 WORD, 4 CHAR.</summary>
    public int ModelType { get; set; } = 1;

    public bool ByteFallback { get; set; }

    public bool TreatWhitespaceAsSuffix { get; set; }

    public int UnkId { get; set; }

    public int BosId { get; set; } = 1;

    public int EosId { get; set; } = 2;

    public int PadId { get; set; } = -1;

    public string NormalizerName { get; set; } = string.Empty;

    public int PrecompiledCharsMapLength { get; set; }

    public bool AddDummyPrefix { get; set; } = true;

    public bool RemoveExtraWhitespaces { get; set; } = true;

    public bool EscapeWhitespaces { get; set; } = true;
}

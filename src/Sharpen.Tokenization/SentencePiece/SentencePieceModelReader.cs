using System.Text.RegularExpressions;
using Sharpen.Tokenization.Decoders;
using Sharpen.Tokenization.Models;
using Sharpen.Tokenization.Normalizers;
using Sharpen.Tokenization.Pipeline;

namespace Sharpen.Tokenization.SentencePiece;

/// <summary>
/// Reads a SentencePiece <c>tokenizer.model</c> (protobuf <c>ModelProto</c>) and builds the same pipeline a Hugging
/// Face conversion of it would have: the whitespace normalizer, the score-based BPE model and the
/// <c>Replace ▁ → " ", ByteFallback, Fuse, Strip</c> decoder. Only BPE models with the identity normalization rule
/// are supported (Llama 1/2, Mistral, llama2.c vocabularies); others fail with a clear message.
/// </summary>
internal static class SentencePieceModelReader
{
    private static readonly string[] s_modelTypeNames = ["?", "UNIGRAM", "BPE", "WORD", "CHAR"];

    public static TokenizerComponents Read(string filePath)
    {
        var bytes = TokenizerFile.ReadAllBytes(filePath);

        var proto = Parse(bytes, filePath);
        return Build(proto, filePath);
    }

    internal static SentencePieceModelProto Parse(ReadOnlySpan<byte> bytes, string filePath)
    {
        var proto = new SentencePieceModelProto();
        var reader = new ProtoReader(bytes, 0, filePath);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (1, ProtoReader.WireLengthDelimited):
                {
                    var piece = reader.ReadLengthDelimited(out var offset);
                    proto.Pieces.Add(ParsePiece(piece, offset, filePath));
                    break;
                }

                case (2, ProtoReader.WireLengthDelimited):
                {
                    var spec = reader.ReadLengthDelimited(out var offset);
                    ParseTrainerSpec(spec, offset, filePath, proto);
                    break;
                }

                case (3, ProtoReader.WireLengthDelimited):
                {
                    var spec = reader.ReadLengthDelimited(out var offset);
                    ParseNormalizerSpec(spec, offset, filePath, proto);
                    break;
                }

                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (proto.Pieces.Count == 0)
        {
            throw new TokenizerFormatException(filePath, "not a valid SentencePiece model: it holds no pieces");
        }

        return proto;
    }

    private static SentencePiecePiece ParsePiece(ReadOnlySpan<byte> bytes, int offset, string filePath)
    {
        var reader = new ProtoReader(bytes, offset, filePath);
        string? piece = null;
        var score = 0f;
        var type = SentencePiecePieceType.Normal;
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (1, ProtoReader.WireLengthDelimited):
                    piece = reader.ReadString();
                    break;
                case (2, ProtoReader.WireFixed32):
                    score = reader.ReadFloat();
                    break;
                case (3, ProtoReader.WireVarint):
                {
                    var value = reader.ReadInt32();
                    type = value is >= 1 and <= 6
                        ? (SentencePiecePieceType)value
                        : throw reader.Fail(reader.Offset, $"unknown piece type {value}");
                    break;
                }

                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return string.IsNullOrEmpty(piece)
            ? throw new TokenizerFormatException(filePath, $"not a valid SentencePiece model: a piece at byte offset {offset} has no text")
            : new SentencePiecePiece(piece, score, type);
    }

    private static void ParseTrainerSpec(ReadOnlySpan<byte> bytes, int offset, string filePath, SentencePieceModelProto proto)
    {
        var reader = new ProtoReader(bytes, offset, filePath);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (3, ProtoReader.WireVarint): proto.ModelType = reader.ReadInt32(); break;
                case (24, ProtoReader.WireVarint): proto.TreatWhitespaceAsSuffix = reader.ReadBool(); break;
                case (35, ProtoReader.WireVarint): proto.ByteFallback = reader.ReadBool(); break;
                case (40, ProtoReader.WireVarint): proto.UnkId = reader.ReadInt32(); break;
                case (41, ProtoReader.WireVarint): proto.BosId = reader.ReadInt32(); break;
                case (42, ProtoReader.WireVarint): proto.EosId = reader.ReadInt32(); break;
                case (43, ProtoReader.WireVarint): proto.PadId = reader.ReadInt32(); break;
                default: reader.Skip(wire); break;
            }
        }
    }

    private static void ParseNormalizerSpec(ReadOnlySpan<byte> bytes, int offset, string filePath, SentencePieceModelProto proto)
    {
        var reader = new ProtoReader(bytes, offset, filePath);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (1, ProtoReader.WireLengthDelimited): proto.NormalizerName = reader.ReadString(); break;
                case (2, ProtoReader.WireLengthDelimited): proto.PrecompiledCharsMapLength = reader.ReadLengthDelimited(out _).Length; break;
                case (3, ProtoReader.WireVarint): proto.AddDummyPrefix = reader.ReadBool(); break;
                case (4, ProtoReader.WireVarint): proto.RemoveExtraWhitespaces = reader.ReadBool(); break;
                case (5, ProtoReader.WireVarint): proto.EscapeWhitespaces = reader.ReadBool(); break;
                default: reader.Skip(wire); break;
            }
        }
    }

    private static TokenizerComponents Build(SentencePieceModelProto proto, string filePath)
    {
        if (proto.ModelType != 2)
        {
            var name = proto.ModelType is >= 1 and <= 4 ? s_modelTypeNames[proto.ModelType] : proto.ModelType.ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new TokenizerFormatException(filePath, $"SentencePiece model type {name} is not supported (only BPE)");
        }

        if (proto.PrecompiledCharsMapLength > 0)
        {
            throw new TokenizerFormatException(filePath,
                $"SentencePiece normalization rule '{proto.NormalizerName}' (a precompiled character map) is not supported; only 'identity' is");
        }

        if (proto.TreatWhitespaceAsSuffix)
        {
            throw new TokenizerFormatException(filePath, "SentencePiece option treat_whitespace_as_suffix is not supported");
        }

        if (proto.UnkId < 0 || proto.UnkId >= proto.Pieces.Count)
        {
            throw new TokenizerFormatException(filePath, $"unk_id {proto.UnkId} is outside the {proto.Pieces.Count} pieces");
        }

        var added = new List<AddedToken>();
        for (var id = 0; id < proto.Pieces.Count; id++)
        {
            var piece = proto.Pieces[id];
            switch (piece.Type)
            {
                case SentencePiecePieceType.Control or SentencePiecePieceType.Unknown:
                    added.Add(new AddedToken(id, piece.Piece, Special: true));
                    break;
                case SentencePiecePieceType.UserDefined:
                    // sentencepiece matches user-defined pieces in the normalized text and never merges across them.
                    added.Add(new AddedToken(id, piece.Piece, Special: false, Normalized: true));
                    break;
            }
        }

        return new TokenizerComponents
        {
            Model = new SentencePieceBpeModel(proto.Pieces, proto.UnkId, proto.ByteFallback),
            AddedTokens = added,
            Normalizer = BuildNormalizer(proto),
            Decoder = new SequenceDecoder(
            [
                new ReplaceDecoder("\u2581", " "),
                new ByteFallbackDecoder(),
                new FuseDecoder(),
                new StripDecoder(' ', proto.AddDummyPrefix ? 1 : 0, 0),
            ]),
            DefaultBosId = ValidId(proto.BosId, proto.Pieces.Count),
            DefaultEosId = ValidId(proto.EosId, proto.Pieces.Count),
            IsSentencePiece = true,
        };
    }

    /// <summary>
    /// sentencepiece <c>normalizer.cc</c> with the identity rule: drop leading/trailing spaces and collapse runs
    /// (remove_extra_whitespaces), add the dummy-prefix space, then escape spaces as ▁ — the same sequence the Hugging
    /// Face converter writes for these models.
    /// </summary>
    private static INormalizer BuildNormalizer(SentencePieceModelProto proto)
    {
        var steps = new List<INormalizer>();
        if (proto.RemoveExtraWhitespaces)
        {
            steps.Add(ReplaceNormalizer.Pattern(new Regex("^ +| +$", RegexOptions.CultureInvariant), string.Empty));
            steps.Add(ReplaceNormalizer.Pattern(new Regex(" {2,}", RegexOptions.CultureInvariant), " "));
        }

        if (proto.AddDummyPrefix)
        {
            steps.Add(new PrependNormalizer(" "));
        }

        if (proto.EscapeWhitespaces)
        {
            steps.Add(ReplaceNormalizer.Literal(" ", "\u2581"));
        }

        return new SequenceNormalizer(steps);
    }

    private static int? ValidId(int id, int count) => id >= 0 && id < count ? id : null;
}

using System.Buffers.Binary;
using System.Text;
using Sharpen.Modeling.Checkpoints;

namespace Sharpen.Modeling.Import;

/// <summary>
/// Reads the parts of a SentencePiece <c>tokenizer.model</c> (a serialized <c>ModelProto</c>, sentencepiece_model.proto)
/// needed to rebuild a tokenizer.json: pieces (field 1: piece=1, score=2, type=3), trainer spec (field 2: model_type=3,
/// unk_id=40, bos_id=41, eos_id=42, pad_id=43) and normalizer spec (field 3: add_dummy_prefix=3,
/// remove_extra_whitespaces=4). Defaults are the proto's. Only the protobuf wire format is parsed; nothing is executed.
/// </summary>
internal static class SentencePieceModelFile
{
    /// <summary>SentencePiece <c>TrainerSpec.ModelType.BPE</c>.</summary>
    public const int BpeModelType = 2;

    public sealed record Model(SentencePieceVocabulary Vocabulary, int ModelType);

    public static Model Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var pieces = new List<string>();
        var scores = new List<float>();
        var types = new List<SentencePieceTokenType>();
        int modelType = 1, unk = 0, bos = 1, eos = 2, pad = -1;
        bool addDummyPrefix = true, removeExtra = true;

        var reader = new Reader(bytes, 0, bytes.Length, path);
        while (!reader.End)
        {
            var (field, wire) = reader.Tag();
            switch (field, wire)
            {
                case (1, 2):
                    var piece = reader.Message();
                    string text = string.Empty;
                    float score = 0;
                    var type = SentencePieceTokenType.Normal;
                    while (!piece.End)
                    {
                        var (f, w) = piece.Tag();
                        switch (f, w)
                        {
                            case (1, 2): text = piece.String(); break;
                            case (2, 5): score = BitConverter.Int32BitsToSingle((int)piece.Fixed32()); break;
                            case (3, 0): type = (SentencePieceTokenType)piece.Varint(); break;
                            default: piece.Skip(w); break;
                        }
                    }

                    pieces.Add(text);
                    scores.Add(score);
                    types.Add(type);
                    break;
                case (2, 2):
                    var trainer = reader.Message();
                    while (!trainer.End)
                    {
                        var (f, w) = trainer.Tag();
                        switch (f, w)
                        {
                            case (3, 0): modelType = (int)trainer.Varint(); break;
                            case (40, 0): unk = (int)trainer.Varint(); break;
                            case (41, 0): bos = (int)trainer.Varint(); break;
                            case (42, 0): eos = (int)trainer.Varint(); break;
                            case (43, 0): pad = (int)trainer.Varint(); break;
                            default: trainer.Skip(w); break;
                        }
                    }

                    break;
                case (3, 2):
                    var normalizer = reader.Message();
                    while (!normalizer.End)
                    {
                        var (f, w) = normalizer.Tag();
                        switch (f, w)
                        {
                            case (3, 0): addDummyPrefix = normalizer.Varint() != 0; break;
                            case (4, 0): removeExtra = normalizer.Varint() != 0; break;
                            default: normalizer.Skip(w); break;
                        }
                    }

                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (pieces.Count == 0)
        {
            throw new CheckpointFormatException(path, "holds no pieces; this is not a SentencePiece model.");
        }

        int? Valid(int id) => id >= 0 && id < pieces.Count ? id : null;
        var vocabulary = new SentencePieceVocabulary(
            pieces, scores, types, Valid(unk) ?? 0, Valid(bos), Valid(eos), Valid(pad), AddBos: true, AddEos: false, addDummyPrefix, removeExtra);
        return new Model(vocabulary, modelType);
    }

    /// <summary>A bounds-checked protobuf wire-format cursor over one message.</summary>
    private sealed class Reader(byte[] bytes, int start, int end, string path)
    {
        private int _position = start;

        public bool End => _position >= end;

        public (int Field, int Wire) Tag()
        {
            var tag = Varint();
            return ((int)(tag >> 3), (int)(tag & 7));
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = Byte();
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }

            throw Error("a varint longer than 10 bytes");
        }

        public uint Fixed32()
        {
            Need(4);
            var value = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(_position));
            _position += 4;
            return value;
        }

        public Reader Message()
        {
            var length = Length();
            var message = new Reader(bytes, _position, _position + length, path);
            _position += length;
            return message;
        }

        public string String()
        {
            var length = Length();
            var text = Encoding.UTF8.GetString(bytes, _position, length);
            _position += length;
            return text;
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: Varint(); break;
                case 1: Need(8); _position += 8; break;
                case 2:
                    var length = Length(); // read first: Length() advances _position
                    _position += length;
                    break;
                case 5: Need(4); _position += 4; break;
                default: throw Error($"unsupported protobuf wire type {wire}");
            }
        }

        private int Length()
        {
            var length = Varint();
            if (length > (ulong)(end - _position))
            {
                throw Error($"a length of {length} that runs past the end of its message");
            }

            return (int)length;
        }

        private byte Byte()
        {
            Need(1);
            return bytes[_position++];
        }

        private void Need(int count)
        {
            if (end - _position < count)
            {
                throw Error("the end of the data");
            }
        }

        private CheckpointFormatException Error(string what) =>
            new(path, $"not a valid SentencePiece model: found {what} at offset {_position}.");
    }
}

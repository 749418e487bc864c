using Sharpen.TestKit;
using Sharpen.Tokenization.Models;
using Sharpen.Tokenization.SentencePiece;

namespace Sharpen.Tokenization.Tests.SentencePiece;

public sealed class SentencePieceModelReaderTests
{
    public static TheoryData<string, string, string> ModelsWithLlama2cExport => new()
    {
        // (folder parts of tokenizer.model, tokenizer.bin): same vocabulary exported by llama2.c's tokenizer.py.
        { "tokenizers/llama2-sentencepiece", "tokenizer.model", "tokenizer.bin" },
        { "models/stories260K-llama2c", "tok512.model", "tok512.bin" },
    };

    [Theory]
    [MemberData(nameof(ModelsWithLlama2cExport))]
    public void Parse_RealModel_PiecesAndScoresMatchLlama2cExport(string folder, string modelFile, string binFile)
    {
        var parts = folder.Split('/');
        var modelPath = SharedData.Path([.. parts, modelFile]);
        var proto = SentencePieceModelReader.Parse(File.ReadAllBytes(modelPath), modelPath);
        var reference = Llama2cVocabulary.Read(SharedData.Path([.. parts, binFile]), proto.Pieces.Count);

        for (var id = 0; id < proto.Pieces.Count; id++)
        {
            var expected = reference[id].Piece;
            var actual = proto.Pieces[id].Piece.Replace('\u2581', ' ');
            if (id is 1 or 2)
            {
                actual = $"\n{actual}\n"; // llama2.c's exporter wraps BOS/EOS in newlines
            }

            Assert.True(expected == actual, $"piece {id}: expected '{expected}', read '{actual}'");
            Assert.Equal(reference[id].Score, proto.Pieces[id].Score);
        }
    }

    [Fact]
    public void Parse_Llama2Model_ReadsSpecsAsWrittenBySentencePiece()
    {
        // Values as dumped from the file's protobuf: trainer_spec model_type=2 (BPE), byte_fallback=1,
        // unk/bos/eos = 0/1/2, pad_id = -1; normalizer_spec name="identity", add_dummy_prefix=1,
        // remove_extra_whitespaces=0; piece types: 1 UNKNOWN, 2 CONTROL, 256 BYTE, rest NORMAL.
        var path = SharedData.Path("tokenizers", "llama2-sentencepiece", "tokenizer.model");

        var proto = SentencePieceModelReader.Parse(File.ReadAllBytes(path), path);

        Assert.Equal(32000, proto.Pieces.Count);
        Assert.Equal(2, proto.ModelType);
        Assert.True(proto.ByteFallback);
        Assert.Equal((0, 1, 2, -1), (proto.UnkId, proto.BosId, proto.EosId, proto.PadId));
        Assert.Equal("identity", proto.NormalizerName);
        Assert.True(proto.AddDummyPrefix);
        Assert.False(proto.RemoveExtraWhitespaces);
        Assert.Equal(256, proto.Pieces.Count(p => p.Type == SentencePiecePieceType.Byte));
        Assert.Equal(2, proto.Pieces.Count(p => p.Type == SentencePiecePieceType.Control));
        Assert.Equal(SentencePiecePieceType.Unknown, proto.Pieces[0].Type);
    }

    [Fact]
    public void Read_TruncatedModel_NamesFileAndOffset()
    {
        using var temp = new TempDirectory();
        var source = File.ReadAllBytes(SharedData.Path("models", "stories260K-llama2c", "tok512.model"));
        var path = temp.File("tokenizer.model");
        File.WriteAllBytes(path, source[..1001]);

        var error = Assert.Throws<TokenizerFormatException>(() => SentencePieceModelReader.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Contains("byte offset", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnigramModel_FailsNamingTheModelType()
    {
        using var temp = new TempDirectory();
        var path = temp.File("tokenizer.model");
        // Hand-assembled ModelProto: pieces {piece:"<unk>", score:0, type:UNKNOWN}, {piece:"a"} and
        // trainer_spec {model_type: UNIGRAM (1)}; field numbers from sentencepiece_model.proto.
        File.WriteAllBytes(path,
        [
            0x0A, 0x0E, 0x0A, 0x05, (byte)'<', (byte)'u', (byte)'n', (byte)'k', (byte)'>', 0x15, 0, 0, 0, 0, 0x18, 0x02,
            0x0A, 0x03, 0x0A, 0x01, (byte)'a',
            0x12, 0x02, 0x18, 0x01,
        ]);

        var error = Assert.Throws<TokenizerFormatException>(() => SentencePieceModelReader.Read(path));

        Assert.Contains("UNIGRAM", error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.FilePath);
    }

    [Fact]
    public void Read_NotAProtobuf_FailsWithClearMessage()
    {
        using var temp = new TempDirectory();
        var path = temp.File("tokenizer.model");
        File.WriteAllText(path, "{\"this is\": \"json, not protobuf\"}");

        var error = Assert.Throws<TokenizerFormatException>(() => SentencePieceModelReader.Read(path));

        Assert.Contains("not a valid SentencePiece model", error.Message, StringComparison.Ordinal);
    }
}

using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Sharpen.Modeling.Checkpoints;
using Sharpen.Modeling.Import;
using Sharpen.TestKit;

namespace Sharpen.Modeling.Tests.Import;

public sealed class Llama2cImporterTests
{
    private static string Bin => SharedData.Path("models", "stories260K-llama2c", "stories260K.bin");

    private static string TokBin => SharedData.Path("models", "stories260K-llama2c", "tok512.bin");

    private static string TokModel => SharedData.Path("models", "stories260K-llama2c", "tok512.model");

    [Fact]
    public void Import_Stories260KWithTok512Bin_MatchesHuggingFaceReference()
    {
        using var dir = new TempDirectory();
        var output = Path.Combine(dir.Path, "m");

        var result = Llama2cImporter.Import(Bin, TokBin, output);

        HfReference.AssertWeightsBitEqual(Path.Combine(output, "model.safetensors"));
        HfReference.AssertConfigEqual(Path.Combine(output, "config.json"));
        HfReference.AssertVocabAndMergesEqual(Path.Combine(output, "tokenizer.json"));
        HfReference.AssertTokenizerEqualExcept(Path.Combine(output, "tokenizer.json"), "normalizer");
        Assert.True(result.TiedEmbeddings);
        Assert.Equal(["config.json", "generation_config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"], result.Files);
    }

    [Fact]
    public void Import_Stories260KWithTok512Model_CopiesModelAndEmitsReferenceTokenizerJson()
    {
        using var dir = new TempDirectory();
        var output = Path.Combine(dir.Path, "m");

        var result = Llama2cImporter.Import(Bin, TokModel, output);

        Assert.Equal(File.ReadAllBytes(TokModel), File.ReadAllBytes(Path.Combine(output, "tokenizer.model")));
        // tok512.model's normalizer spec records remove_extra_whitespaces, so here the whole tokenizer.json, normalizer
        // included, must equal the one transformers produced.
        HfReference.AssertTokenizerEqualExcept(Path.Combine(output, "tokenizer.json"));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "tokenizer_config.json")))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(HfReference.File("tokenizer_config.json"))), config));
        Assert.Contains("tokenizer.model", result.Files);
    }

    [Fact]
    public void Import_Version1AkHeader_MatchesHuggingFaceReference()
    {
        using var dir = new TempDirectory();
        var v1 = dir.File("stories260K-v1.bin");
        File.WriteAllBytes(v1, RewriteAsVersion1(File.ReadAllBytes(Bin)));
        var output = Path.Combine(dir.Path, "m");

        Llama2cImporter.Import(v1, null, output);

        HfReference.AssertWeightsBitEqual(Path.Combine(output, "model.safetensors"));
        HfReference.AssertConfigEqual(Path.Combine(output, "config.json"));
    }

    [Fact]
    public void Import_UnsharedClassifier_WritesLmHeadAndUntiedConfig()
    {
        // llama2.c legacy format: a negative vocab_size announces an output.weight after the RoPE tables. Build one by
        // appending a copy of the embedding matrix (row-major vocab x dim floats right after the 28-byte header).
        using var dir = new TempDirectory();
        var v0 = File.ReadAllBytes(Bin);
        var untied = v0.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(untied.AsSpan(20), -512);
        var embedding = v0.AsSpan(28, 512 * 64 * 4).ToArray();
        var path = dir.File("untied.bin");
        File.WriteAllBytes(path, [.. untied, .. embedding]);
        var output = Path.Combine(dir.Path, "m");

        var result = Llama2cImporter.Import(path, null, output);

        Assert.False(result.TiedEmbeddings);
        using var reader = SafetensorsReader.Open(Path.Combine(output, "model.safetensors"));
        Assert.Equal([512L, 64L], reader.GetInfo("lm_head.weight").Shape);
        Assert.True(reader.GetBytes("lm_head.weight").SequenceEqual(embedding));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "config.json")))!;
        Assert.False(config["tie_word_embeddings"]!.GetValue<bool>());
    }

    [Fact]
    public void Import_TruncatedCheckpoint_IsRefusedNamingFileAndSizes()
    {
        using var dir = new TempDirectory();
        var truncated = dir.File("cut.bin");
        File.WriteAllBytes(truncated, File.ReadAllBytes(Bin)[..500_000]);

        var ex = Assert.Throws<CheckpointFormatException>(() => Llama2cImporter.Import(truncated, TokBin, Path.Combine(dir.Path, "m")));

        Assert.Equal(truncated, ex.FilePath);
        Assert.Contains("is 500000 bytes, but a v0 checkpoint with this header", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1056540", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "m")));
        Assert.Single(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Import_NotACheckpoint_IsRefusedWithHeaderValues()
    {
        using var dir = new TempDirectory();
        var junk = dir.File("junk.bin");
        File.WriteAllText(junk, "this is plainly a text file and not a model at all");

        var ex = Assert.Throws<CheckpointFormatException>(() => Llama2cImporter.Import(junk, null, Path.Combine(dir.Path, "m")));

        Assert.Contains("is not a valid llama2.c model", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_TokenizerForAnotherVocabulary_IsRefused()
    {
        using var dir = new TempDirectory();
        var llama2Tokenizer = SharedData.Path("tokenizers", "llama2-sentencepiece", "tokenizer.model");

        var ex = Assert.Throws<CheckpointFormatException>(() => Llama2cImporter.Import(Bin, llama2Tokenizer, Path.Combine(dir.Path, "m")));

        Assert.Contains("has 32000 pieces, but the checkpoint's vocabulary has 512", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Re-lays a legacy v0 file in llama2.c export.py's version1_export layout: 256-byte "ak42" header (magic, version 1,
    /// the 7 params with a positive vocab size, shared-classifier byte), then norms first, embeddings, the weight stacks,
    /// and no RoPE tables.
    /// </summary>
    private static byte[] RewriteAsVersion1(byte[] v0)
    {
        int P(int i) => BinaryPrimitives.ReadInt32LittleEndian(v0.AsSpan(i * 4));
        int dim = P(0), hidden = P(1), layers = P(2), heads = P(3), kvHeads = P(4), vocab = Math.Abs(P(5)), seq = P(6);
        int kv = kvHeads * (dim / heads);
        var at = 28;
        byte[] Take(long floats)
        {
            var bytes = v0.AsSpan(at, (int)(floats * 4)).ToArray();
            at += bytes.Length;
            return bytes;
        }

        var embed = Take((long)vocab * dim);
        var attnNorm = Take((long)layers * dim);
        var wq = Take((long)layers * dim * dim);
        var wk = Take((long)layers * kv * dim);
        var wv = Take((long)layers * kv * dim);
        var wo = Take((long)layers * dim * dim);
        var ffnNorm = Take((long)layers * dim);
        var w1 = Take((long)layers * hidden * dim);
        var w2 = Take((long)layers * dim * hidden);
        var w3 = Take((long)layers * hidden * dim);
        var norm = Take(dim);
        Assert.Equal(v0.Length, at + (seq * (dim / heads / 2) * 4 * 2));

        var header = new byte[256];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x616b3432);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), 1);
        int[] parameters = [dim, hidden, layers, heads, kvHeads, vocab, seq];
        for (var i = 0; i < 7; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8 + (i * 4)), parameters[i]);
        }

        header[36] = 1;
        return [.. header, .. attnNorm, .. ffnNorm, .. norm, .. embed, .. wq, .. wk, .. wv, .. wo, .. w1, .. w2, .. w3];
    }
}

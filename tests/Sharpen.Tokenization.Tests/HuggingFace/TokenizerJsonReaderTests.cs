using Sharpen.TestKit;
using Sharpen.Tokenization.HuggingFace;

namespace Sharpen.Tokenization.Tests.HuggingFace;

public sealed class TokenizerJsonReaderTests
{
    private const string TinyVocab = """{"a": 0, "b": 1, "ab": 2}""";

    [Theory]
    [InlineData("""{"model": {"type": "WordPiece", "vocab": {}}}""", "model: model type 'WordPiece' is not supported")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": 0}}}""", "model: missing array 'merges'")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a c"]}}""", "model.merges[0]: merge token 'c' is not in the vocabulary")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a a"]}}""", "model.merges[0]: merged token 'aa' is not in the vocabulary")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [7]}}""", "model.merges[0]: a merge must be")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": "zero"}, "merges": []}}""", "model.vocab: the id of token 'a' must be a non-negative integer")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {}, "merges": [], "unk_token": "<unk>"}}""", "model: unk_token '<unk>' is not in the vocabulary")]
    [InlineData("""{"normalizer": {"type": "Precompiled"}, "model": {"vocab": {}, "merges": []}}""", "normalizer: normalizer type 'Precompiled' is not supported")]
    [InlineData("""{"pre_tokenizer": {"type": "Split", "pattern": {"Regex": "(unclosed"}, "behavior": "Isolated"}, "model": {"vocab": {}, "merges": []}}""", "pre_tokenizer: regex '(unclosed' cannot be compiled")]
    [InlineData("""{"pre_tokenizer": {"type": "Split", "pattern": {"String": "-"}, "behavior": "Sideways"}, "model": {"vocab": {}, "merges": []}}""", "pre_tokenizer: split behavior 'Sideways' is not one of")]
    [InlineData("""{"decoder": {"type": "WordPiece"}, "model": {"vocab": {}, "merges": []}}""", "decoder: decoder type 'WordPiece' is not supported")]
    [InlineData("""{"post_processor": {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<s>"}}], "special_tokens": {}}, "model": {"vocab": {}, "merges": []}}""", "post_processor.single[0].SpecialToken: special token '<s>' is not listed")]
    [InlineData("""{"added_tokens": [{"content": "<s>"}], "model": {"vocab": {}, "merges": []}}""", "added_tokens[0]: missing integer 'id'")]
    [InlineData("""[1, 2]""", "the top level must be a JSON object")]
    public void Read_BadFile_NamesFileJsonPathAndProblem(string json, string expectedProblem)
    {
        using var temp = new TempDirectory();
        var path = temp.File("tokenizer.json");
        File.WriteAllText(path, json);

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerJsonReader.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.StartsWith(expectedProblem, error.Problem, StringComparison.Ordinal);
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BothMergeSpellings_GiveTheSameModel()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("legacy.json"), """{"model": {"type": "BPE", "vocab": """ + TinyVocab + """, "merges": ["a b"]}}""");
        File.WriteAllText(temp.File("pairs.json"), """{"model": {"type": "BPE", "vocab": """ + TinyVocab + """, "merges": [["a", "b"]]}}""");

        var legacy = TokenizerLoader.LoadTokenizerJson(temp.File("legacy.json"));
        var pairs = TokenizerLoader.LoadTokenizerJson(temp.File("pairs.json"));

        Assert.Equal([2, 0], legacy.Encode("aba"));
        Assert.Equal([2, 0], pairs.Encode("aba"));
    }
}

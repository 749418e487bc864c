using Sharpen.TestKit;

namespace Sharpen.Tokenization.Tests;

public sealed class TokenizerLoaderTests
{
    [Fact]
    public void Load_FolderWithBothFiles_PrefersTokenizerJson()
    {
        using var temp = new TempDirectory();
        File.Copy(SharedData.Path("tokenizers", "gpt2", "tokenizer.json"), temp.File("tokenizer.json"));
        File.Copy(SharedData.Path("models", "stories260K-llama2c", "tok512.model"), temp.File("tokenizer.model"));

        var tokenizer = TokenizerLoader.Load(temp.Path);

        Assert.Equal(50257, tokenizer.VocabSize); // GPT-2's, not tok512's 512
    }

    [Fact]
    public void Load_FolderWithOnlySentencePieceModel_FallsBackToIt()
    {
        using var temp = new TempDirectory();
        File.Copy(SharedData.Path("models", "stories260K-llama2c", "tok512.model"), temp.File("tokenizer.model"));

        var tokenizer = TokenizerLoader.Load(temp.Path);

        Assert.Equal(512, tokenizer.VocabSize);
        Assert.Equal(1, tokenizer.BosTokenId);
        Assert.Equal(2, tokenizer.EosTokenId);
        Assert.Equal([2], tokenizer.StopTokenIds);
        Assert.Equal(1, tokenizer.Encode("Once")[0]); // LlamaTokenizer default: add_bos_token = true
    }

    [Fact]
    public void Load_Stories260KHfFolder_ReadsConfigAndGenerationConfig()
    {
        // tokenizer_config.json: bos "<s>", eos "</s>", add_bos_token true; generation_config.json: eos_token_id 2.
        var tokenizer = (Tokenizer)TokenizerLoader.Load(SharedData.Path("models", "stories260K-hf"));

        Assert.Equal(1, tokenizer.BosTokenId);
        Assert.Equal(2, tokenizer.EosTokenId);
        Assert.Null(tokenizer.PadTokenId);
        Assert.Equal([2], tokenizer.StopTokenIds);
        Assert.Equal([1, 403, 407, 261, 378], tokenizer.Encode("Once upon a time"));
    }

    [Fact]
    public void LoadTokenizerJson_Llama3WithConfig_UsesConfigEosAndEndOfTurnStops()
    {
        // llama3_1/tokenizer_config.json: bos_token <|begin_of_text|> (128000), eos_token <|eot_id|> (128009);
        // its added_tokens_decoder lists <|end_of_text|> 128001 and <|eom_id|> 128008.
        var tokenizer = Fixtures.SharedTokenizers.Llama3;

        Assert.Equal(128000, tokenizer.BosTokenId);
        Assert.Equal(128009, tokenizer.EosTokenId);
        Assert.Equal(128256, tokenizer.VocabSize);
        Assert.Subset(new HashSet<int> { 128001, 128008, 128009 }, tokenizer.StopTokenIds.ToHashSet());
    }

    [Fact]
    public void LoadTokenizerJson_Qwen2WithConfig_HasNoBosAndPadsWithEndOfText()
    {
        // qwen2.5-derived/tokenizer_config.json: bos_token null, eos_token <|im_end|> (151645), pad_token
        // <|endoftext|> (151643); tokenizer.json has 151643 vocabulary entries plus 22 added tokens.
        var tokenizer = Fixtures.SharedTokenizers.Qwen2;

        Assert.Null(tokenizer.BosTokenId);
        Assert.Equal(151645, tokenizer.EosTokenId);
        Assert.Equal(151643, tokenizer.PadTokenId);
        Assert.Equal(151665, tokenizer.VocabSize);
        Assert.Contains(151643, tokenizer.StopTokenIds);
        Assert.Contains(151645, tokenizer.StopTokenIds);
    }

    [Fact]
    public void LoadSentencePiece_ConfigWithObjectTokensAndEosFlag_AppliesThem()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("tokenizer_config.json"), """
            {
              "bos_token": {"content": "<s>", "lstrip": false},
              "eos_token": {"content": "</s>"},
              "pad_token": "<unk>",
              "add_bos_token": false,
              "add_eos_token": true,
              "tokenizer_class": "LlamaTokenizer"
            }
            """);

        var tokenizer = TokenizerLoader.LoadSentencePiece(
            SharedData.Path("models", "stories260K-llama2c", "tok512.model"), temp.File("tokenizer_config.json"));

        Assert.Equal(0, tokenizer.PadTokenId);
        Assert.Equal([403, 407, 261, 378, 2], tokenizer.Encode("Once upon a time"));
    }

    [Fact]
    public void Load_MissingFolder_ThrowsDirectoryNotFound()
    {
        var missing = Path.Combine(Path.GetTempPath(), "sharpen-no-such-folder-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<DirectoryNotFoundException>(() => TokenizerLoader.Load(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FolderWithoutTokenizer_NamesBothExpectedFiles()
    {
        using var temp = new TempDirectory();

        var error = Assert.Throws<FileNotFoundException>(() => TokenizerLoader.Load(temp.Path));

        Assert.Contains("tokenizer.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("tokenizer.model", error.Message, StringComparison.Ordinal);
        Assert.Contains(temp.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedTokenizerJson_NamesFileAndLine()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("tokenizer.json"), "{\n  \"model\": {\n    \"type\": \"BPE\",,\n  }\n}\n");

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerLoader.Load(temp.Path));

        Assert.Equal(temp.File("tokenizer.json"), error.FilePath);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ConfigNamingUnknownEos_NamesConfigFileAndToken()
    {
        using var temp = new TempDirectory();
        File.Copy(SharedData.Path("models", "stories260K-llama2c", "tok512.model"), temp.File("tokenizer.model"));
        File.WriteAllText(temp.File("tokenizer_config.json"), """{"eos_token": "<|im_end|>"}""");

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerLoader.Load(temp.Path));

        Assert.Equal(temp.File("tokenizer_config.json"), error.FilePath);
        Assert.Contains("eos_token '<|im_end|>'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadTokenizerJson_MissingFile_ThrowsFileNotFoundWithPath()
    {
        using var temp = new TempDirectory();

        var error = Assert.Throws<FileNotFoundException>(() => TokenizerLoader.LoadTokenizerJson(temp.File("tokenizer.json")));

        Assert.Equal(temp.File("tokenizer.json"), error.FileName);
    }
}

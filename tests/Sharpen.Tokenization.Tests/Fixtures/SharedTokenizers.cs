using Sharpen.TestKit;

namespace Sharpen.Tokenization.Tests.Fixtures;

/// <summary>
/// Each real tokenizer from <c>shared/</c> is loaded once per test run (the large <c>tokenizer.json</c> files take
/// a noticeable fraction of a second each), shared by every test class that needs it.
/// </summary>
internal static class SharedTokenizers
{
    private static readonly Lazy<Tokenizer> s_gpt2 = new(() => LoadJson("gpt2"));
    private static readonly Lazy<Tokenizer> s_llama3 = new(() => LoadJson("llama3_1"));
    private static readonly Lazy<Tokenizer> s_qwen2 = new(() => LoadJson("qwen2.5-derived"));
    private static readonly Lazy<Tokenizer> s_mistral = new(() => LoadJson("mistral-7b-v0.1"));
    private static readonly Lazy<Tokenizer> s_llama2 = new(() =>
        TokenizerLoader.LoadSentencePiece(SharedData.Path("tokenizers", "llama2-sentencepiece", "tokenizer.model")));

    public static Tokenizer Gpt2 => s_gpt2.Value;

    public static Tokenizer Llama3 => s_llama3.Value;

    public static Tokenizer Qwen2 => s_qwen2.Value;

    public static Tokenizer Mistral => s_mistral.Value;

    public static Tokenizer Llama2SentencePiece => s_llama2.Value;

    private static Tokenizer LoadJson(string folder) =>
        TokenizerLoader.LoadTokenizerJson(
            SharedData.Path("tokenizers", folder, "tokenizer.json"),
            SharedData.Path("tokenizers", folder, "tokenizer_config.json"));
}

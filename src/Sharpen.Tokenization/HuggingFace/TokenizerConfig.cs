using System.Globalization;
using System.Text.Json;
using Sharpen.Tokenization.Pipeline;

namespace Sharpen.Tokenization.HuggingFace;

/// <summary>
/// The parts of <c>tokenizer_config.json</c> (transformers' <c>PreTrainedTokenizer</c> settings) that change ids:
/// which strings are BOS/EOS/UNK/PAD, whether BOS/EOS are added, and extra added tokens. Token values may be a
/// string or an <c>{"content": ...}</c> object.
/// </summary>
internal sealed class TokenizerConfig
{
    public required string FilePath { get; init; }

    public string? BosToken { get; init; }

    public string? EosToken { get; init; }

    public string? UnkToken { get; init; }

    public string? PadToken { get; init; }

    public bool? AddBosToken { get; init; }

    public bool? AddEosToken { get; init; }

    public string? TokenizerClass { get; init; }

    public IReadOnlyList<AddedToken> AddedTokens { get; init; } = [];

    public static TokenizerConfig Read(string filePath)
    {
        using var document = JsonSection.Parse(filePath);
        var root = new JsonSection(document.RootElement, filePath, string.Empty);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw root.Fail($"the top level must be a JSON object, found {document.RootElement.ValueKind}");
        }

        var added = new List<AddedToken>();
        if (root.OptionalObject("added_tokens_decoder") is { } decoder)
        {
            foreach (var property in decoder.Element.EnumerateObject())
            {
                var entry = decoder.Child(property.Name, property.Value);
                if (!int.TryParse(property.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    throw decoder.Fail($"key '{property.Name}' must be a token id");
                }

                var special = entry.Bool("special", false);
                added.Add(new AddedToken(
                    id,
                    entry.String("content"),
                    special,
                    entry.Bool("lstrip", false),
                    entry.Bool("rstrip", false),
                    entry.Bool("single_word", false),
                    entry.Bool("normalized", !special)));
            }
        }

        return new TokenizerConfig
        {
            FilePath = filePath,
            BosToken = ReadToken(root, "bos_token"),
            EosToken = ReadToken(root, "eos_token"),
            UnkToken = ReadToken(root, "unk_token"),
            PadToken = ReadToken(root, "pad_token"),
            AddBosToken = root.OptionalBool("add_bos_token"),
            AddEosToken = root.OptionalBool("add_eos_token"),
            TokenizerClass = root.OptionalString("tokenizer_class"),
            AddedTokens = added,
        };
    }

    private static string? ReadToken(JsonSection root, string name)
    {
        if (!root.Has(name))
        {
            return null;
        }

        var value = root.Element.GetProperty(name);
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object => root.Child(name, value).String("content"),
            _ => throw root.Fail($"'{name}' must be a string or an object with 'content', found {value.ValueKind}"),
        };
    }
}

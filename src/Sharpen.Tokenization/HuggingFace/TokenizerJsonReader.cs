using System.Text.Json;
using Sharpen.Tokenization.Models;
using Sharpen.Tokenization.Pipeline;
using Sharpen.Tokenization.PostProcessors;

namespace Sharpen.Tokenization.HuggingFace;

/// <summary>
/// Reads a Hugging Face <c>tokenizer.json</c> (the <c>tokenizers</c> serialization) into pipeline components. Only
/// the parts real decoder-only LLM tokenizers use are implemented; anything else fails with the file, the JSON path
/// and the unsupported type, never silently. Split by facet: normalizers, pre-tokenizers, post-processors, decoders.
/// </summary>
internal static partial class TokenizerJsonReader
{
    public static TokenizerComponents Read(string filePath)
    {
        using var document = JsonSection.Parse(filePath);
        var root = new JsonSection(document.RootElement, filePath, string.Empty);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw root.Fail($"the top level must be a JSON object, found {document.RootElement.ValueKind}");
        }

        var addedTokens = root.Has("added_tokens") ? ReadAddedTokens(root) : [];
        var model = ReadModel(root.Object("model"));
        var normalizer = root.OptionalObject("normalizer") is { } n ? ReadNormalizer(n) : null;
        var preTokenizer = root.OptionalObject("pre_tokenizer") is { } p ? ReadPreTokenizer(p) : null;
        var postProcessor = root.OptionalObject("post_processor") is { } pp ? ReadPostProcessor(pp) : null;
        var decoder = root.OptionalObject("decoder") is { } d ? ReadDecoder(d) : null;

        return new TokenizerComponents
        {
            Model = model,
            AddedTokens = addedTokens,
            Normalizer = normalizer,
            PreTokenizer = preTokenizer,
            PostProcessor = postProcessor,
            Decoder = decoder,
            DefaultBosId = LeadingSpecialId(postProcessor),
        };
    }

    private static List<AddedToken> ReadAddedTokens(JsonSection root)
    {
        var tokens = new List<AddedToken>();
        foreach (var item in root.Array("added_tokens"))
        {
            tokens.Add(new AddedToken(
                item.Int("id"),
                item.String("content"),
                item.Bool("special", false),
                item.Bool("lstrip", false),
                item.Bool("rstrip", false),
                item.Bool("single_word", false),
                item.Bool("normalized", !item.Bool("special", false))));
        }

        return tokens;
    }

    private static BpeModel ReadModel(JsonSection model)
    {
        var type = model.OptionalString("type");
        if (type is not null && type != "BPE")
        {
            throw model.Fail($"model type '{type}' is not supported (only BPE: GPT-2, Llama, Mistral, Qwen2 style)");
        }

        if (!model.Has("merges"))
        {
            throw model.Fail("missing array 'merges' (is this a BPE model?)");
        }

        var vocabSection = model.Object("vocab");
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var property in vocabSection.Element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt32(out var id) || id < 0)
            {
                throw vocabSection.Fail($"the id of token '{property.Name}' must be a non-negative integer, found {property.Value}");
            }

            vocab[property.Name] = id;
        }

        var prefix = model.OptionalString("continuing_subword_prefix");
        var merges = ReadMerges(model, vocab, string.IsNullOrEmpty(prefix) ? 0 : prefix.Length);

        int? unkId = null;
        if (model.OptionalString("unk_token") is { } unk)
        {
            unkId = vocab.TryGetValue(unk, out var id) ? id : throw model.Fail($"unk_token '{unk}' is not in the vocabulary");
        }

        // 'dropout' only randomises merges for training-time regularisation; inference encodes deterministically.
        return new BpeModel(new BpeModelOptions
        {
            Vocab = vocab,
            Merges = merges,
            UnknownId = unkId,
            FuseUnknown = model.Bool("fuse_unk", false),
            ByteFallback = model.Bool("byte_fallback", false),
            IgnoreMerges = model.Bool("ignore_merges", false),
            ContinuingSubwordPrefix = prefix,
            EndOfWordSuffix = model.OptionalString("end_of_word_suffix"),
        });
    }

    private static List<(int Left, int Right, int Merged)> ReadMerges(JsonSection model, Dictionary<string, int> vocab, int prefixLength)
    {
        var merges = new List<(int, int, int)>();
        foreach (var item in model.Array("merges"))
        {
            string left;
            string right;
            if (item.Element.ValueKind == JsonValueKind.String)
            {
                // Legacy form "left right": exactly one separating space, as the reference requires.
                var line = item.Element.GetString()!;
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                if (space < 0 || line.IndexOf(' ', space + 1) >= 0)
                {
                    throw item.Fail($"merge '{line}' must be two tokens separated by one space");
                }

                left = line[..space];
                right = line[(space + 1)..];
            }
            else if (item.Element.ValueKind == JsonValueKind.Array && item.Element.GetArrayLength() == 2
                && item.Element[0].ValueKind == JsonValueKind.String && item.Element[1].ValueKind == JsonValueKind.String)
            {
                left = item.Element[0].GetString()!;
                right = item.Element[1].GetString()!;
            }
            else
            {
                throw item.Fail($"a merge must be \"left right\" or [\"left\", \"right\"], found {item.Element}");
            }

            if (!vocab.TryGetValue(left, out var leftId))
            {
                throw item.Fail($"merge token '{left}' is not in the vocabulary");
            }

            if (!vocab.TryGetValue(right, out var rightId))
            {
                throw item.Fail($"merge token '{right}' is not in the vocabulary");
            }

            var mergedText = string.Concat(left, right.AsSpan(Math.Min(prefixLength, right.Length)));
            if (!vocab.TryGetValue(mergedText, out var mergedId))
            {
                throw item.Fail($"merged token '{mergedText}' is not in the vocabulary");
            }

            merges.Add((leftId, rightId, mergedId));
        }

        return merges;
    }

    private static int? LeadingSpecialId(IPostProcessor? processor) => processor switch
    {
        TemplatePostProcessor { Template: [{ Length: 1 } first, ..] } => first[0],
        SequencePostProcessor sequence => sequence.Processors.Select(LeadingSpecialId).FirstOrDefault(id => id is not null),
        _ => null,
    };

    private static (string? Literal, string? Regex) ReadPattern(JsonSection owner)
    {
        var pattern = owner.Object("pattern");
        if (pattern.OptionalString("String") is { } literal)
        {
            return (literal, null);
        }

        if (pattern.OptionalString("Regex") is { } regex)
        {
            return (null, regex);
        }

        throw pattern.Fail("a pattern must be {\"String\": ...} or {\"Regex\": ...}");
    }
}

using Sharpen.Tokenization.PreTokenizers;

namespace Sharpen.Tokenization.HuggingFace;

internal static partial class TokenizerJsonReader
{
    private static IPreTokenizer ReadPreTokenizer(JsonSection section)
    {
        var type = section.String("type");
        switch (type)
        {
            case "Sequence":
                return new SequencePreTokenizer([.. section.Array("pretokenizers").Select(ReadPreTokenizer)]);
            case "ByteLevel":
                return new ByteLevelPreTokenizer(section.Bool("add_prefix_space", true), section.Bool("use_regex", true));
            case "Split":
            {
                var behavior = ReadSplitBehavior(section);
                var invert = section.Bool("invert", false);
                var (literal, regex) = ReadPattern(section);
                return literal is not null
                    ? SplitPreTokenizer.Literal(literal, behavior, invert)
                    : SplitPreTokenizer.Pattern(new CodePointRegex(CompileRegex(section, regex!)), behavior, invert);
            }

            case "Metaspace":
                return new MetaspacePreTokenizer(ReadReplacement(section), ReadPrependScheme(section), section.Bool("split", true));
            case "Digits":
                return new DigitsPreTokenizer(section.Bool("individual_digits", false));
            case "Whitespace":
                return new WhitespacePreTokenizer(splitOnlyOnWhitespace: false);
            case "WhitespaceSplit":
                return new WhitespacePreTokenizer(splitOnlyOnWhitespace: true);
            default:
                throw section.Fail($"pre_tokenizer type '{type}' is not supported");
        }
    }

    private static SplitBehavior ReadSplitBehavior(JsonSection section)
    {
        var behavior = section.String("behavior");
        return behavior switch
        {
            "Removed" => SplitBehavior.Removed,
            "Isolated" => SplitBehavior.Isolated,
            "MergedWithPrevious" => SplitBehavior.MergedWithPrevious,
            "MergedWithNext" => SplitBehavior.MergedWithNext,
            "Contiguous" => SplitBehavior.Contiguous,
            _ => throw section.Fail($"split behavior '{behavior}' is not one of Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous"),
        };
    }

    private static char ReadReplacement(JsonSection section)
    {
        var replacement = section.OptionalString("replacement") ?? "\u2581";
        return replacement.Length == 1 ? replacement[0] : throw section.Fail($"replacement '{replacement}' must be a single character");
    }

    /// <summary>Reads <c>prepend_scheme</c>, or the older boolean <c>add_prefix_space</c> (true = always).</summary>
    private static PrependScheme ReadPrependScheme(JsonSection section)
    {
        if (section.OptionalString("prepend_scheme") is { } scheme)
        {
            return scheme switch
            {
                "always" => PrependScheme.Always,
                "first" => PrependScheme.First,
                "never" => PrependScheme.Never,
                _ => throw section.Fail($"prepend_scheme '{scheme}' is not one of always, first, never"),
            };
        }

        return section.Bool("add_prefix_space", true) ? PrependScheme.Always : PrependScheme.Never;
    }
}

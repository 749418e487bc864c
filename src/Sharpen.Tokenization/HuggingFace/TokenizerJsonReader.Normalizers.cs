using System.Text.RegularExpressions;
using Sharpen.Tokenization.Normalizers;

namespace Sharpen.Tokenization.HuggingFace;

internal static partial class TokenizerJsonReader
{
    private static INormalizer ReadNormalizer(JsonSection section)
    {
        var type = section.String("type");
        switch (type)
        {
            case "Sequence":
                return new SequenceNormalizer([.. section.Array("normalizers").Select(ReadNormalizer)]);
            case "Replace":
            {
                var content = section.String("content");
                var (literal, regex) = ReadPattern(section);
                return literal is not null
                    ? ReplaceNormalizer.Literal(literal, content)
                    : ReplaceNormalizer.Pattern(CompileRegex(section, regex!), content);
            }

            case "Prepend":
                return new PrependNormalizer(section.String("prepend"));
            case "NFC":
                return new UnicodeFormNormalizer(compose: true);
            case "NFD":
                return new UnicodeFormNormalizer(compose: false);
            case "Lowercase":
                return new LowercaseNormalizer();
            case "Strip":
                return new StripNormalizer(section.Bool("strip_left", true), section.Bool("strip_right", true));
            default:
                throw section.Fail($"normalizer type '{type}' is not supported");
        }
    }

    private static Regex CompileRegex(JsonSection owner, string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);
        }
        catch (ArgumentException e)
        {
            throw owner.Fail($"regex '{pattern}' cannot be compiled: {e.Message}");
        }
    }
}

using Sharpen.Tokenization.Decoders;
using Sharpen.Tokenization.PreTokenizers;

namespace Sharpen.Tokenization.HuggingFace;

internal static partial class TokenizerJsonReader
{
    private static ITokenDecoder ReadDecoder(JsonSection section)
    {
        var type = section.String("type");
        switch (type)
        {
            case "Sequence":
                return new SequenceDecoder([.. section.Array("decoders").Select(ReadDecoder)]);
            case "ByteLevel":
                return new ByteLevelDecoder();
            case "Replace":
            {
                var (literal, _) = ReadPattern(section);
                return literal is not null
                    ? new ReplaceDecoder(literal, section.String("content"))
                    : throw section.Fail("a Replace decoder with a Regex pattern is not supported");
            }

            case "ByteFallback":
                return new ByteFallbackDecoder();
            case "Fuse":
                return new FuseDecoder();
            case "Strip":
            {
                var content = section.String("content");
                return content.Length == 1
                    ? new StripDecoder(content[0], section.Int("start"), section.Int("stop"))
                    : throw section.Fail($"Strip content '{content}' must be a single character");
            }

            case "Metaspace":
                return new MetaspaceDecoder(ReadReplacement(section), ReadPrependScheme(section) != PrependScheme.Never);
            default:
                throw section.Fail($"decoder type '{type}' is not supported");
        }
    }
}

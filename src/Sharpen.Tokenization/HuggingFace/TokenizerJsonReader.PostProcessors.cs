using Sharpen.Tokenization.PostProcessors;

namespace Sharpen.Tokenization.HuggingFace;

internal static partial class TokenizerJsonReader
{
    private static IPostProcessor ReadPostProcessor(JsonSection section)
    {
        var type = section.String("type");
        switch (type)
        {
            case "Sequence":
                return new SequencePostProcessor([.. section.Array("processors").Select(ReadPostProcessor)]);
            case "ByteLevel":
                return IdentityPostProcessor.Instance;
            case "TemplateProcessing":
                return ReadTemplate(section);
            case "BertProcessing":
            case "RobertaProcessing":
                return new TemplatePostProcessor([[ReadIdPair(section, "cls")], null, [ReadIdPair(section, "sep")]]);
            default:
                throw section.Fail($"post_processor type '{type}' is not supported");
        }
    }

    private static TemplatePostProcessor ReadTemplate(JsonSection section)
    {
        var specials = new Dictionary<string, int[]>(StringComparer.Ordinal);
        if (section.OptionalObject("special_tokens") is { } specialTokens)
        {
            foreach (var property in specialTokens.Element.EnumerateObject())
            {
                var entry = specialTokens.Child(property.Name, property.Value);
                specials[property.Name] = [.. entry.Array("ids").Select(id => id.AsInt())];
            }
        }

        var template = new List<int[]?>();
        foreach (var piece in section.Array("single"))
        {
            if (piece.OptionalObject("SpecialToken") is { } special)
            {
                var name = special.String("id");
                template.Add(specials.TryGetValue(name, out var ids)
                    ? ids
                    : throw special.Fail($"special token '{name}' is not listed in special_tokens"));
            }
            else if (piece.OptionalObject("Sequence") is { } sequence)
            {
                var name = sequence.String("id");
                template.Add(name == "A" ? null : throw sequence.Fail($"a single-sequence template can only hold sequence A, found '{name}'"));
            }
            else
            {
                throw piece.Fail("a template piece must be {\"SpecialToken\": ...} or {\"Sequence\": ...}");
            }
        }

        return new TemplatePostProcessor(template);
    }

    /// <summary>Reads a BERT/RoBERTa <c>["[CLS]", 101]</c> pair and returns the id.</summary>
    private static int ReadIdPair(JsonSection section, string name)
    {
        var items = section.Array(name).ToList();
        return items.Count == 2 ? items[1].AsInt() : throw section.Fail($"'{name}' must be [token, id]");
    }
}

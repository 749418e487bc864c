using System.Text.Json;

namespace Sharpen.Tokenization.HuggingFace;

/// <summary>
/// Reads <c>eos_token_id</c> from a model's <c>generation_config.json</c> (an id or a list of ids): the authoritative
/// set of ids that end a generation, e.g. Llama-3.1's <c>[128001, 128008, 128009]</c>.
/// </summary>
internal static class GenerationConfig
{
    public static IReadOnlyList<int> ReadEosTokenIds(string filePath)
    {
        using var document = JsonSection.Parse(filePath);
        var root = new JsonSection(document.RootElement, filePath, string.Empty);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw root.Fail($"the top level must be a JSON object, found {document.RootElement.ValueKind}");
        }

        if (!root.Has("eos_token_id"))
        {
            return [];
        }

        var value = document.RootElement.GetProperty("eos_token_id");
        return value.ValueKind == JsonValueKind.Array
            ? [.. root.Array("eos_token_id").Select(item => item.AsInt())]
            : [root.Int("eos_token_id")];
    }
}

using System.Text.Json;

namespace Sharpen.Tokenization.Templates;

/// <summary>
/// Finds a model's chat template where Hugging Face keeps it: a <c>chat_template.jinja</c> file, or the
/// <c>chat_template</c> field of <c>tokenizer_config.json</c>, either a string or a list of
/// <c>{"name", "template"}</c> entries (named templates such as "default", "tool_use" and "rag").
/// </summary>
public static class ChatTemplateLoader
{
    /// <summary>Reads a <c>.jinja</c> file.</summary>
    public static ChatTemplate FromJinjaFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ChatTemplate.Parse(File.ReadAllText(path), path);
    }

    /// <summary>
    /// Reads the chat template of a <c>tokenizer_config.json</c>. For the list form, <paramref name="templateName"/>
    /// picks one (default "default", as in transformers); a missing name lists the available ones.
    /// </summary>
    public static ChatTemplate FromTokenizerConfig(string path, string? templateName = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("chat_template", out var template)
                || template.ValueKind == JsonValueKind.Null)
            {
                throw new InvalidDataException($"{path}: no chat_template in this tokenizer config.");
            }

            if (template.ValueKind == JsonValueKind.String)
            {
                if (templateName is not null && templateName != "default")
                {
                    throw new InvalidDataException($"{path}: has a single chat template, not one named '{templateName}'.");
                }

                return ChatTemplate.Parse(template.GetString()!, path);
            }

            if (template.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{path}: chat_template must be a string or a list of {{\"name\", \"template\"}} objects, not {template.ValueKind}.");
            }

            var wanted = templateName ?? "default";
            var names = new List<string>();
            foreach (var entry in template.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object
                    || !entry.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                    || !entry.TryGetProperty("template", out var source) || source.ValueKind != JsonValueKind.String)
                {
                    throw new InvalidDataException($"{path}: every chat_template list entry needs string 'name' and 'template' fields.");
                }

                names.Add(name.GetString()!);
                if (name.GetString() == wanted)
                {
                    return ChatTemplate.Parse(source.GetString()!, $"{path}#{wanted}");
                }
            }

            throw new InvalidDataException($"{path}: no chat template named '{wanted}'; available: {string.Join(", ", names)}.");
        }
    }

    /// <summary>
    /// A model folder's template: <c>chat_template.jinja</c> when present (newer transformers save it there),
    /// else <c>tokenizer_config.json</c>.
    /// </summary>
    public static ChatTemplate FromModelDirectory(string directory, string? templateName = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var jinja = Path.Combine(directory, "chat_template.jinja");
        if (File.Exists(jinja) && templateName is null)
        {
            return FromJinjaFile(jinja);
        }

        var config = Path.Combine(directory, "tokenizer_config.json");
        return File.Exists(config)
            ? FromTokenizerConfig(config, templateName)
            : throw new FileNotFoundException($"{directory}: no chat_template.jinja or tokenizer_config.json.", config);
    }
}

using System.Text.Json.Nodes;
using Sharpen.Core.Text;
using Sharpen.Tokenization.Templates;

namespace Sharpen.Tokenization.Chat;

/// <summary>Chooses the prompt format for a model folder: its own chat template when it ships one, else the plain format.</summary>
public static class PromptFormats
{
    /// <summary>
    /// The model's chat template (<c>chat_template.jinja</c>, or <c>chat_template</c> in <c>tokenizer_config.json</c>), or
    /// <see cref="PlainPromptFormat"/> for a base model without one. <paramref name="templateFile"/> overrides both.
    /// </summary>
    public static IPromptFormat ForModel(string modelDirectory, ITokenizer tokenizer, string? templateFile = null)
    {
        ArgumentNullException.ThrowIfNull(modelDirectory);
        ArgumentNullException.ThrowIfNull(tokenizer);
        var bos = tokenizer.BosTokenId is { } b ? tokenizer.IdToToken(b) : null;
        var eos = tokenizer.EosTokenId is { } e ? tokenizer.IdToToken(e) : null;
        if (templateFile is not null)
        {
            return new JinjaPromptFormat(ChatTemplateLoader.FromJinjaFile(templateFile), bos, eos);
        }

        return HasChatTemplate(modelDirectory)
            ? new JinjaPromptFormat(ChatTemplateLoader.FromModelDirectory(modelDirectory), bos, eos)
            : new PlainPromptFormat(eos);
    }

    private static bool HasChatTemplate(string directory)
    {
        if (File.Exists(Path.Combine(directory, "chat_template.jinja")))
        {
            return true;
        }

        var config = Path.Combine(directory, "tokenizer_config.json");
        return File.Exists(config) && JsonNode.Parse(File.ReadAllText(config)) is JsonObject o && o["chat_template"] is not null;
    }
}

using System.Text.Json;
using Sharpen.Tokenization.Templates.Runtime;

namespace Sharpen.Tokenization.Templates;

/// <summary>
/// Builds the variables transformers' <c>apply_chat_template</c> passes to a template: <c>messages</c>,
/// <c>tools</c> and <c>documents</c> (always present, null when not given), <c>add_generation_prompt</c>, the special
/// tokens (<c>bos_token</c>, <c>eos_token</c>, only when the tokenizer has them) and any extra keyword arguments
/// (for example <c>date_string</c> or <c>enable_thinking</c>).
/// </summary>
public static class ChatTemplateContext
{
    public static IReadOnlyDictionary<string, object?> Create(
        IEnumerable<ChatMessage> messages,
        bool addGenerationPrompt,
        string? bosToken = null,
        string? eosToken = null,
        IReadOnlyList<object?>? tools = null,
        IReadOnlyList<object?>? documents = null,
        IReadOnlyDictionary<string, object?>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var context = new Dictionary<string, object?>
        {
            ["messages"] = messages.Select(ToTemplateValue).ToList(),
            ["tools"] = tools,
            ["documents"] = documents,
            ["add_generation_prompt"] = addGenerationPrompt,
        };
        if (bosToken is not null)
        {
            context["bos_token"] = bosToken;
        }

        if (eosToken is not null)
        {
            context["eos_token"] = eosToken;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, object?>())
        {
            context[key] = value;
        }

        return context;
    }

    /// <summary>
    /// Converts parsed JSON (for example tool schemas, or a message list in OpenAI's format) to the plain values a
    /// template context holds: objects become ordered dictionaries, integers <c>long</c>, other numbers <c>double</c>.
    /// </summary>
    public static object? FromJson(JsonElement json) => ValueConverter.FromJson(json, "$");

    private static object? ToTemplateValue(ChatMessage message)
    {
        var value = new Dictionary<string, object?>
        {
            ["role"] = message.Role,
            ["content"] = message.Content,
        };
        if (message.ToolCalls is { } calls)
        {
            value["tool_calls"] = calls.Select(call =>
            {
                var entry = new Dictionary<string, object?>();
                if (call.Id is not null)
                {
                    entry["id"] = call.Id;
                }

                entry["type"] = call.Type;
                entry["function"] = new Dictionary<string, object?> { ["name"] = call.Name, ["arguments"] = call.Arguments };
                return (object?)entry;
            }).ToList();
        }

        if (message.ToolCallId is not null)
        {
            value["tool_call_id"] = message.ToolCallId;
        }

        if (message.Name is not null)
        {
            value["name"] = message.Name;
        }

        return value;
    }
}

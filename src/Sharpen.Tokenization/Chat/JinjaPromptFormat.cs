using System.Text.Json;
using Sharpen.Core.Conversations;
using Sharpen.Tokenization.Templates;

namespace Sharpen.Tokenization.Chat;

/// <summary>A model's own Jinja <c>chat_template</c>, rendered the way transformers' <c>apply_chat_template</c> does.</summary>
public sealed class JinjaPromptFormat(ChatTemplate template, string? bosToken, string? eosToken, TimeProvider? clock = null) : IPromptFormat
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public string Name => template.Name;

    public bool RendersSpecialTokens => true;

    public string Render(IReadOnlyList<Message> messages, bool addGenerationPrompt)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var context = ChatTemplateContext.Create(messages.Select(ToChatMessage), addGenerationPrompt, bosToken, eosToken);
        return template.Render(context, _clock);
    }

    private static ChatMessage ToChatMessage(Message message) => new(
        message.Role.ToString().ToLowerInvariant(),
        message.Content.Length == 0 && message.ToolCallsJson is not null ? null : message.Content,
        message.ToolCallsJson is null ? null : ToolCalls(message.ToolCallsJson),
        message.ToolCallId,
        message.Name);

    /// <summary>OpenAI <c>tool_calls</c> JSON → template tool calls, with JSON-string arguments parsed to objects where possible.</summary>
    private static List<ChatToolCall> ToolCalls(string json)
    {
        using var document = JsonDocument.Parse(json);
        var calls = new List<ChatToolCall>();
        var items = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToList() : [document.RootElement];
        foreach (var call in items)
        {
            var function = call.TryGetProperty("function", out var f) ? f : call;
            var name = function.TryGetProperty("name", out var n) ? n.GetString() ?? string.Empty : string.Empty;
            object? arguments = null;
            if (function.TryGetProperty("arguments", out var args))
            {
                arguments = args.ValueKind == JsonValueKind.String && TryParseObject(args.GetString()!, out var parsed)
                    ? parsed
                    : ChatTemplateContext.FromJson(args);
            }

            calls.Add(new ChatToolCall(name, arguments, call.TryGetProperty("id", out var id) ? id.GetString() : null));
        }

        return calls;
    }

    private static bool TryParseObject(string text, out object? value)
    {
        try
        {
            using var parsed = JsonDocument.Parse(text);
            value = parsed.RootElement.ValueKind == JsonValueKind.Object ? ChatTemplateContext.FromJson(parsed.RootElement) : null;
            return value is not null;
        }
        catch (JsonException)
        {
            value = null;
            return false;
        }
    }
}

using System.Text;
using System.Text.Json;
using Sharpen.Core.Conversations;
using Sharpen.Hosting.Inference;
using Sharpen.Server.Errors;

namespace Sharpen.Server.Chat;

/// <summary>
/// Reads a <see cref="ChatCompletionRequest"/> into Sharpen's <see cref="ChatRequest"/>, answering the first problem
/// as an <see cref="ApiError"/> that names the parameter (<c>messages[2].role</c>). Range checks on sampling values
/// are the chat service's, so the HTTP API and the in-process client agree on them.
/// </summary>
internal static class ChatRequestMapper
{
    public static (ChatRequest? Request, ApiError? Error) Map(ChatCompletionRequest? body)
    {
        if (body is null)
        {
            return (null, ApiError.BadRequest("The request body must be a JSON object.", null, "invalid_json"));
        }

        if (string.IsNullOrEmpty(body.Model))
        {
            return (null, ApiError.MissingParameter("model"));
        }

        if (body.Messages is null)
        {
            return (null, ApiError.MissingParameter("messages"));
        }

        var messages = new List<Message>(body.Messages.Count);
        for (var i = 0; i < body.Messages.Count; i++)
        {
            var (message, error) = MapMessage(body.Messages[i], i);
            if (error is not null)
            {
                return (null, error);
            }

            messages.Add(message!);
        }

        var (stop, stopError) = MapStop(body.Stop);
        if (stopError is not null)
        {
            return (null, stopError);
        }

        return (new ChatRequest(body.Model, messages)
        {
            MaxTokens = body.MaxCompletionTokens ?? body.MaxTokens,
            Temperature = body.Temperature,
            TopP = body.TopP,
            Stop = stop,
            Seed = body.Seed,
            N = body.N ?? 1,
        }, null);
    }

    private static (Message? Message, ApiError? Error) MapMessage(ChatMessageInput? input, int index)
    {
        var at = $"messages[{index}]";
        if (input is null)
        {
            return (null, ApiError.BadRequest($"Invalid '{at}': expected an object.", at));
        }

        if (string.IsNullOrEmpty(input.Role))
        {
            return (null, ApiError.MissingParameter(at + ".role"));
        }

        Role? role = input.Role switch
        {
            "system" or "developer" => Role.System,
            "user" => Role.User,
            "assistant" => Role.Assistant,
            "tool" or "function" => Role.Tool,
            _ => null,
        };
        if (role is null)
        {
            return (null, ApiError.BadRequest(
                $"Invalid value for '{at}.role': '{input.Role}'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool'.",
                at + ".role", "invalid_value"));
        }

        var (content, error) = MapContent(input.Content, at + ".content");
        if (error is not null)
        {
            return (null, error);
        }

        var hasToolCalls = input.ToolCalls is { ValueKind: JsonValueKind.Array };
        if (content is null && !(role == Role.Assistant && hasToolCalls))
        {
            return (null, ApiError.MissingParameter(at + ".content"));
        }

        return (new Message(role.Value, content ?? string.Empty)
        {
            Name = input.Name,
            ToolCallId = input.ToolCallId,
            ToolCallsJson = hasToolCalls ? input.ToolCalls!.Value.GetRawText() : null,
        }, null);
    }

    // content: "text" | [{"type":"text","text":"..."}, ...] | null. Text parts are joined with newlines.
    private static (string? Content, ApiError? Error) MapContent(JsonElement? content, string at)
    {
        if (content is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return (value.GetString(), null);
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return (null, ApiError.BadRequest($"Invalid type for '{at}': expected a string or an array of content parts.", at, "invalid_type"));
        }

        var text = new StringBuilder();
        var part = 0;
        foreach (var item in value.EnumerateArray())
        {
            var partAt = $"{at}[{part}]";
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return (null, ApiError.BadRequest($"Invalid '{partAt}': a content part is an object with a 'type'.", partAt, "invalid_type"));
            }

            if (type.GetString() != "text")
            {
                return (null, ApiError.BadRequest(
                    $"Invalid '{partAt}.type': '{type.GetString()}' content is not supported by text models; use 'text' parts.", partAt + ".type", "invalid_value"));
            }

            if (!item.TryGetProperty("text", out var partText) || partText.ValueKind != JsonValueKind.String)
            {
                return (null, ApiError.MissingParameter(partAt + ".text"));
            }

            if (part > 0)
            {
                text.Append('\n');
            }

            text.Append(partText.GetString());
            part++;
        }

        return (text.ToString(), null);
    }

    private static (IReadOnlyList<string> Stop, ApiError? Error) MapStop(JsonElement? stop)
    {
        if (stop is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return ([], null);
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return ([value.GetString()!], null);
        }

        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
        {
            return ([.. value.EnumerateArray().Select(e => e.GetString()!)], null);
        }

        return ([], ApiError.BadRequest("Invalid type for 'stop': expected a string or an array of strings.", "stop", "invalid_type"));
    }
}

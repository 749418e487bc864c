using System.Text.Json;

namespace Sharpen.Server.Chat;

/// <summary>
/// The body of <c>POST /v1/chat/completions</c> as sent: fields that can take several JSON shapes (<c>content</c>,
/// <c>stop</c>) stay raw here and are read by <see cref="ChatRequestMapper"/>; fields Sharpen does not use (tools,
/// logit_bias, ...) are ignored.
/// </summary>
internal sealed record ChatCompletionRequest
{
    public string? Model { get; init; }

    public List<ChatMessageInput?>? Messages { get; init; }

    public int? MaxTokens { get; init; }

    public int? MaxCompletionTokens { get; init; }

    public double? Temperature { get; init; }

    public double? TopP { get; init; }

    public JsonElement? Stop { get; init; }

    public long? Seed { get; init; }

    public int? N { get; init; }

    public bool? Stream { get; init; }

    public StreamOptions? StreamOptions { get; init; }
}

/// <summary>One input message; <see cref="Content"/> is a string, an array of content parts, or null.</summary>
internal sealed record ChatMessageInput
{
    public string? Role { get; init; }

    public JsonElement? Content { get; init; }

    public string? Name { get; init; }

    public string? ToolCallId { get; init; }

    public JsonElement? ToolCalls { get; init; }
}

/// <summary><c>stream_options</c>: <c>include_usage</c> adds a last chunk with the token counts.</summary>
internal sealed record StreamOptions(bool? IncludeUsage);

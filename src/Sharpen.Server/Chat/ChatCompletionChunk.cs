using System.Text.Json.Serialization;

namespace Sharpen.Server.Chat;

/// <summary>
/// One server-sent event of a streamed completion (<c>chat.completion.chunk</c>). <see cref="Usage"/> appears only on
/// the extra last chunk that <c>stream_options.include_usage</c> asks for, whose <see cref="Choices"/> is empty.
/// </summary>
internal sealed record ChatCompletionChunk(
    string Id,
    string Object,
    long Created,
    string Model,
    string? SystemFingerprint,
    IReadOnlyList<ChunkChoice> Choices,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CompletionUsage? Usage = null);

/// <summary>A choice's increment; <see cref="FinishReason"/> is set on its last chunk only.</summary>
internal sealed record ChunkChoice(int Index, ChunkDelta Delta, object? Logprobs, string? FinishReason);

/// <summary>The new text; the first chunk of a choice carries the role, the last one is empty.</summary>
internal sealed record ChunkDelta(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Content);

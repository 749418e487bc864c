using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sharpen.Core.Conversations;

namespace Sharpen.Data.Writing;

/// <summary>
/// Writes a <see cref="Conversation"/> as one line of OpenAI fine-tuning JSONL: <c>{"messages":[...]}</c> for
/// supervised examples, <c>{"input":{"messages":[...]},"preferred_output":[...],"non_preferred_output":[...]}</c> for
/// preference pairs. Key order is fixed and non-ASCII text is written as UTF-8, so equal conversations give equal bytes.
/// </summary>
internal static class ChatJsonl
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    public static void WriteLine(ArrayBufferWriter<byte> buffer, Conversation conversation)
    {
        using (var w = new Utf8JsonWriter(buffer, s_options))
        {
            w.WriteStartObject();
            if (conversation.IsPreferencePair)
            {
                w.WriteStartObject("input");
                WriteMessages(w, "messages", conversation.Messages);
                w.WriteEndObject();
                WriteMessages(w, "preferred_output", conversation.PreferredOutput!);
                WriteMessages(w, "non_preferred_output", conversation.NonPreferredOutput!);
            }
            else
            {
                WriteMessages(w, "messages", conversation.Messages);
            }

            if (conversation.Metadata is { } metadata)
            {
                foreach (var (key, raw) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    w.WritePropertyName(key);
                    w.WriteRawValue(raw);
                }
            }

            w.WriteEndObject();
        }

        buffer.Write("\n"u8);
    }

    private static void WriteMessages(Utf8JsonWriter w, string name, IReadOnlyList<Message> messages)
    {
        w.WriteStartArray(name);
        foreach (var m in messages)
        {
            w.WriteStartObject();
            w.WriteString("role", m.Role switch
            {
                Role.System => "system",
                Role.User => "user",
                Role.Assistant => "assistant",
                _ => "tool",
            });
            if (m.Content.Length == 0 && m.ToolCallsJson is not null)
            {
                w.WriteNull("content");
            }
            else
            {
                w.WriteString("content", m.Content);
            }

            if (m.Name is not null)
            {
                w.WriteString("name", m.Name);
            }

            if (m.ToolCallsJson is not null)
            {
                w.WritePropertyName(m.ToolCallsJson.TrimStart().StartsWith('[') ? "tool_calls" : "function_call");
                w.WriteRawValue(m.ToolCallsJson);
            }

            if (m.ToolCallId is not null)
            {
                w.WriteString("tool_call_id", m.ToolCallId);
            }

            if (m.Weight is { } weight)
            {
                w.WriteNumber("weight", weight);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}

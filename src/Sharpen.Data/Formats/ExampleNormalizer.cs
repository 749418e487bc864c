using System.Globalization;
using System.Text;
using System.Text.Json;
using Sharpen.Core.Conversations;
using Sharpen.Data.Reading;
using Sharpen.Data.Validation;

namespace Sharpen.Data.Formats;

/// <summary>
/// Turns one raw record of a known format into a <see cref="Conversation"/>, reporting every structural problem of
/// the record (not just the first) with the OpenAI cookbook's codes where they apply. A record with any error
/// yields null.
/// </summary>
internal sealed class ExampleNormalizer
{
    private static readonly HashSet<string> s_messageKeys = new(StringComparer.Ordinal)
    {
        "role", "content", "name", "weight", "function_call", "tool_calls", "tool_call_id",
    };

    private static readonly string[] s_keptChatKeys = ["tools", "parallel_tool_calls", "functions"];

    private readonly string _file;
    private readonly DetectedFormat _format;
    private readonly string? _labelField;
    private readonly IssueCollector _issues;
    private readonly PromptTemplate? _template;
    private long _line;
    private bool _failed;

    public ExampleNormalizer(string file, DetectedFormat format, string? labelField, IssueCollector issues)
    {
        _file = file;
        _format = format;
        _labelField = labelField ?? format.Mapping?.Label;
        _issues = issues;
        if (format.Mapping?.PromptTemplate is { } template)
        {
            _template = new PromptTemplate(template);
        }
    }

    public Conversation? Normalize(SourceRecord record)
    {
        _line = record.Line;
        _failed = false;
        var value = record.Value;
        if (value.ValueKind != JsonValueKind.Object)
        {
            Error(IssueCodes.DataType, $"Each example must be a JSON object, but this line is a {Describe(value.ValueKind)}.");
            return null;
        }

        var conversation = _format.Format switch
        {
            ExampleFormat.Chat => Chat(value),
            ExampleFormat.Preference => Preference(value),
            ExampleFormat.ShareGpt => ShareGpt(value),
            ExampleFormat.Alpaca => Alpaca(value),
            ExampleFormat.PromptCompletion => PromptCompletion(value),
            ExampleFormat.Text => Text(value),
            _ => Columns(value),
        };
        if (conversation is null || _failed)
        {
            return null;
        }

        conversation = conversation with
        {
            Source = new SourceLocation(_file, record.Line),
            Label = conversation.Label ?? (_labelField is null ? null : ScalarText(value, _labelField)),
        };
        return ConversationRules.Check(conversation, _issues) ? conversation : null;
    }

    /// <summary>The text of a string, number or boolean property; null when missing, null or structured.</summary>
    internal static string? ScalarText(JsonElement record, string key)
    {
        if (!record.TryGetProperty(key, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
            _ => null,
        };
    }

    private Conversation? Chat(JsonElement value)
    {
        if (!value.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            Error(IssueCodes.MissingMessagesList, "The example has no \"messages\" array.");
            return null;
        }

        var list = Messages(messages, "messages", 0);
        Dictionary<string, string>? metadata = null;
        foreach (var key in s_keptChatKeys)
        {
            if (value.TryGetProperty(key, out var kept))
            {
                (metadata ??= new Dictionary<string, string>(StringComparer.Ordinal))[key] = kept.GetRawText();
            }
        }

        return new Conversation(list) { Metadata = metadata };
    }

    private Conversation? Preference(JsonElement value)
    {
        List<Message> input = [];
        if (!value.TryGetProperty("input", out var inputValue) || inputValue.ValueKind != JsonValueKind.Object
            || !inputValue.TryGetProperty("messages", out var inputMessages) || inputMessages.ValueKind != JsonValueKind.Array)
        {
            Error(IssueCodes.MissingMessagesList, "A preference example needs \"input\": {\"messages\": [...]}.");
        }
        else
        {
            input = Messages(inputMessages, "input.messages", 0);
        }

        var preferred = Output(value, "preferred_output", "preferred_completion", input.Count);
        var nonPreferred = Output(value, "non_preferred_output", "non_preferred_completion", input.Count + (preferred?.Count ?? 0));
        return preferred is null || nonPreferred is null
            ? null
            : new Conversation(input) { PreferredOutput = preferred, NonPreferredOutput = nonPreferred };
    }

    private List<Message>? Output(JsonElement value, string key, string olderKey, int indexOffset)
    {
        if (!value.TryGetProperty(key, out var output) && !value.TryGetProperty(olderKey, out output))
        {
            Error(IssueCodes.MissingField, $"A preference example needs \"{key}\" (or the older \"{olderKey}\").");
            return null;
        }

        if (output.ValueKind != JsonValueKind.Array)
        {
            Error(IssueCodes.DataType, $"\"{key}\" must be an array of assistant messages, not a {Describe(output.ValueKind)}.");
            return null;
        }

        return Messages(output, key, indexOffset);
    }

    private List<Message> Messages(JsonElement array, string where, int indexOffset)
    {
        var list = new List<Message>(array.GetArrayLength());
        var index = indexOffset - 1;
        foreach (var m in array.EnumerateArray())
        {
            index++;
            if (m.ValueKind != JsonValueKind.Object)
            {
                Error(IssueCodes.DataType, $"Each entry of \"{where}\" must be an object, not a {Describe(m.ValueKind)}.", index);
                continue;
            }

            foreach (var property in m.EnumerateObject())
            {
                if (!s_messageKeys.Contains(property.Name))
                {
                    Error(IssueCodes.MessageUnrecognizedKey, $"Unrecognised key \"{property.Name}\"; messages may only have role, content, name, weight, tool_calls, tool_call_id or function_call.", index);
                }
            }

            var hasToolCalls = m.TryGetProperty("tool_calls", out var toolCalls) && toolCalls.ValueKind != JsonValueKind.Null;
            var hasFunctionCall = m.TryGetProperty("function_call", out var functionCall) && functionCall.ValueKind != JsonValueKind.Null;
            Role? role = null;
            if (!m.TryGetProperty("role", out var roleValue))
            {
                Error(IssueCodes.MessageMissingKey, "The message has no \"role\".", index);
            }
            else if (roleValue.ValueKind != JsonValueKind.String || ParseRole(roleValue.GetString()!) is not { } parsed)
            {
                Error(IssueCodes.UnrecognizedRole, $"Role {roleValue.GetRawText()} is not one of system, user, assistant, tool.", index);
            }
            else
            {
                role = parsed;
            }

            string? content = null;
            if (!m.TryGetProperty("content", out var contentValue))
            {
                if (!hasToolCalls && !hasFunctionCall)
                {
                    Error(IssueCodes.MessageMissingKey, "The message has no \"content\".", index);
                }
            }
            else
            {
                content = Content(contentValue, index);
            }

            if (content is not null && string.IsNullOrWhiteSpace(content) && !hasToolCalls && !hasFunctionCall)
            {
                Error(IssueCodes.MissingContent, "The message content is empty.", index);
            }

            int? weight = null;
            if (m.TryGetProperty("weight", out var weightValue))
            {
                if (weightValue.ValueKind != JsonValueKind.Number || !weightValue.TryGetInt32(out var w) || w is not (0 or 1))
                {
                    Error(IssueCodes.InvalidWeight, $"\"weight\" must be the integer 0 or 1, not {weightValue.GetRawText()}.", index);
                }
                else if (role is not null and not Role.Assistant)
                {
                    Error(IssueCodes.InvalidWeight, "\"weight\" is only allowed on assistant messages.", index);
                }
                else
                {
                    weight = w;
                }
            }

            if (role is { } r)
            {
                list.Add(new Message(r, content ?? string.Empty)
                {
                    Weight = weight,
                    Name = m.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null,
                    ToolCallsJson = hasToolCalls ? toolCalls.GetRawText() : hasFunctionCall ? functionCall.GetRawText() : null,
                    ToolCallId = m.TryGetProperty("tool_call_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
                });
            }
        }

        return list;
    }

    private string? Content(JsonElement content, int index)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString();
            case JsonValueKind.Null:
                return string.Empty;
            case JsonValueKind.Array:
                var builder = new StringBuilder();
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Object && ScalarText(part, "type") == "text" && ScalarText(part, "text") is { } text)
                    {
                        builder.Append(text);
                    }
                    else
                    {
                        var type = part.ValueKind == JsonValueKind.Object ? ScalarText(part, "type") ?? "untyped" : Describe(part.ValueKind);
                        Error(IssueCodes.UnsupportedContent, $"Content part of type '{type}' is not text; only text parts can be fine-tuned on.", index);
                    }
                }

                return builder.ToString();
            default:
                Error(IssueCodes.MissingContent, $"\"content\" must be a string, not a {Describe(content.ValueKind)}.", index);
                return null;
        }
    }

    private Conversation? ShareGpt(JsonElement value)
    {
        if (!value.TryGetProperty("conversations", out var turns) || turns.ValueKind != JsonValueKind.Array)
        {
            Error(IssueCodes.MissingMessagesList, "The example has no \"conversations\" array.");
            return null;
        }

        var list = new List<Message>();
        var index = -1;
        foreach (var turn in turns.EnumerateArray())
        {
            index++;
            if (turn.ValueKind != JsonValueKind.Object)
            {
                Error(IssueCodes.DataType, $"Each turn must be an object, not a {Describe(turn.ValueKind)}.", index);
                continue;
            }

            var from = ScalarText(turn, "from");
            var text = ScalarText(turn, "value");
            if (from is null || !turn.TryGetProperty("value", out _))
            {
                Error(IssueCodes.MessageMissingKey, "A ShareGPT turn needs \"from\" and \"value\".", index);
                continue;
            }

            if (ParseShareGptRole(from) is not { } role)
            {
                Error(IssueCodes.UnrecognizedRole, $"Speaker \"{from}\" is not one of human, gpt, system, tool (or user, assistant).", index);
                continue;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                Error(IssueCodes.MissingContent, "The turn's value is empty.", index);
                continue;
            }

            list.Add(new Message(role, text));
        }

        return new Conversation(list);
    }

    private Conversation? Alpaca(JsonElement value)
    {
        var instruction = RequiredText(value, "instruction");
        var output = RequiredText(value, "output");
        var input = ScalarText(value, "input");
        if (instruction is null || output is null)
        {
            return null;
        }

        var user = string.IsNullOrWhiteSpace(input) ? instruction : instruction + "\n\n" + input;
        var messages = new List<Message>(3);
        if (ScalarText(value, "system") is { Length: > 0 } system)
        {
            messages.Add(new Message(Role.System, system));
        }

        messages.Add(new Message(Role.User, user));
        messages.Add(new Message(Role.Assistant, output));
        return new Conversation(messages);
    }

    private Conversation? PromptCompletion(JsonElement value)
    {
        var prompt = ScalarText(value, "prompt");
        var completion = RequiredText(value, "completion");
        if (prompt is null)
        {
            Error(IssueCodes.MissingField, "The example has no string \"prompt\".");
        }

        if (prompt is null || completion is null)
        {
            return null;
        }

        return new Conversation(prompt.Length == 0
            ? [new Message(Role.Assistant, completion)]
            : [new Message(Role.User, prompt), new Message(Role.Assistant, completion)]);
    }

    private Conversation? Text(JsonElement value) =>
        RequiredText(value, "text") is { } text ? new Conversation([new Message(Role.Assistant, text)]) : null;

    private Conversation? Columns(JsonElement value)
    {
        var mapping = _format.Mapping ?? new ColumnMapping();
        if (mapping.Completion is null)
        {
            Error(IssueCodes.MissingColumn, "The column mapping names no completion column.");
            return null;
        }

        string? user;
        if (_template is not null)
        {
            user = _template.Render(value, out var missing);
            if (missing is not null)
            {
                Error(IssueCodes.MissingColumn, $"The prompt template uses column \"{missing}\", which this record lacks or leaves empty.");
                return null;
            }
        }
        else if (mapping.Prompt is null)
        {
            user = null;
        }
        else
        {
            user = RequiredColumn(value, mapping.Prompt);
        }

        var completion = RequiredColumn(value, mapping.Completion);
        var system = mapping.System is null ? mapping.SystemPrompt : RequiredColumn(value, mapping.System);
        if (_failed || completion is null)
        {
            return null;
        }

        var messages = new List<Message>(3);
        if (!string.IsNullOrEmpty(system))
        {
            messages.Add(new Message(Role.System, system));
        }

        if (user is not null)
        {
            messages.Add(new Message(Role.User, user));
        }

        messages.Add(new Message(Role.Assistant, completion));
        return new Conversation(messages) { Label = mapping.Label is null ? null : ScalarText(value, mapping.Label) };
    }

    private string? RequiredColumn(JsonElement value, string column)
    {
        if (!value.TryGetProperty(column, out var v))
        {
            Error(IssueCodes.MissingColumn, $"Column \"{column}\" is missing; the record has: {string.Join(", ", value.EnumerateObject().Select(p => p.Name))}.");
            return null;
        }

        var text = ScalarText(value, column);
        if (text is null)
        {
            Error(IssueCodes.MissingContent, $"Column \"{column}\" is {Describe(v.ValueKind)}, not text.");
        }

        return text;
    }

    private string? RequiredText(JsonElement value, string key)
    {
        if (!value.TryGetProperty(key, out var v))
        {
            Error(IssueCodes.MissingField, $"The example has no \"{key}\".");
            return null;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            Error(IssueCodes.MissingContent, $"\"{key}\" must be a string, not a {Describe(v.ValueKind)}.");
            return null;
        }

        return v.GetString();
    }

    private static Role? ParseRole(string role) => role switch
    {
        "system" => Role.System,
        "user" => Role.User,
        "assistant" => Role.Assistant,
        "tool" or "function" => Role.Tool,
        _ => null,
    };

    private static Role? ParseShareGptRole(string from) => from.ToLowerInvariant() switch
    {
        "system" => Role.System,
        "human" or "user" => Role.User,
        "gpt" or "assistant" or "chatgpt" or "bard" or "bing" or "model" => Role.Assistant,
        "tool" or "function" or "observation" or "function_response" => Role.Tool,
        _ => null,
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString().ToLower(CultureInfo.InvariantCulture),
    };

    private void Error(string code, string message, int? messageIndex = null)
    {
        _failed = true;
        _issues.Error(code, _file, _line, message, messageIndex);
    }
}

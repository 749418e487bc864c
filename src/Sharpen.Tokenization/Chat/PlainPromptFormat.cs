using System.Text;
using Sharpen.Core.Conversations;

namespace Sharpen.Tokenization.Chat;

/// <summary>
/// Sharpen's built-in format for base models without a chat template (stories260K, most pre-trained checkpoints):
/// <code>
/// System: {system}
/// User: {user}
/// Assistant: {assistant}{eos}
/// </code>
/// Each role label starts a line; an assistant turn ends with the EOS token so a tuned model learns to stop. The reply
/// starts with a space after "Assistant:", which SentencePiece and byte-level BPE both put at the start of the reply's
/// first token, so the prompt/reply boundary is a token boundary.
/// </summary>
public sealed class PlainPromptFormat(string? eosToken) : IPromptFormat
{
    public const string FormatName = "sharpen-plain";

    public string Name => FormatName;

    public bool RendersSpecialTokens => false;

    public string Render(IReadOnlyList<Message> messages, bool addGenerationPrompt)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var text = new StringBuilder();
        foreach (var message in messages)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(Label(message.Role)).Append(':');
            if (message.Content.Length > 0)
            {
                text.Append(' ').Append(message.Content);
            }

            if (message.Role == Role.Assistant)
            {
                text.Append(eosToken);
            }
        }

        if (addGenerationPrompt)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append("Assistant:");
        }

        return text.ToString();
    }

    private static string Label(Role role) => role switch
    {
        Role.System => "System",
        Role.User => "User",
        Role.Assistant => "Assistant",
        Role.Tool => "Tool",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role."),
    };
}

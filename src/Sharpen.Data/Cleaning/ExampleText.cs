using System.Security.Cryptography;
using System.Text;
using Sharpen.Core.Conversations;

namespace Sharpen.Data.Cleaning;

/// <summary>
/// The normalised views of one example that dedup and leakage checks compare: the whole example (roles included)
/// and its prompt side (every non-assistant input message).
/// </summary>
internal sealed class ExampleText
{
    private UInt128? _fullKey;

    private ExampleText(string full, string prompt, string words)
    {
        Full = full;
        Prompt = prompt;
        Words = words;
    }

    /// <summary>Every message as <c>role␟normalised content</c>, joined by <c>␞</c>, in order (preference outputs marked).</summary>
    public string Full { get; }

    /// <summary>The normalised non-assistant input messages joined by a newline.</summary>
    public string Prompt { get; }

    /// <summary>All normalised message contents, lower-cased and joined by single spaces: the input of word shingling.</summary>
    public string Words { get; }

    /// <summary><see cref="Key"/> of <see cref="Full"/>, computed once (dedup and leakage grouping both need it).</summary>
    public UInt128 FullKey => _fullKey ??= Key(Full);

    public static ExampleText Of(Conversation conversation)
    {
        var full = new StringBuilder();
        var prompt = new StringBuilder();
        var words = new StringBuilder();
        Append(full, prompt, words, conversation.Messages, string.Empty);
        if (conversation.IsPreferencePair)
        {
            Append(full, null, words, conversation.PreferredOutput!, "preferred:");
            Append(full, null, words, conversation.NonPreferredOutput!, "non_preferred:");
        }

        return new ExampleText(full.ToString(), prompt.ToString(), words.ToString().ToLowerInvariant());
    }

    /// <summary>A 128-bit key of a normalised text (SHA-256, truncated).</summary>
    public static UInt128 Key(string text)
    {
        Span<byte> hash = stackalloc byte[32];
        var byteCount = Encoding.UTF8.GetMaxByteCount(text.Length);
        var buffer = byteCount <= 4096 ? stackalloc byte[byteCount] : new byte[byteCount];
        var written = Encoding.UTF8.GetBytes(text, buffer);
        SHA256.HashData(buffer[..written], hash);
        return new UInt128(BitConverter.ToUInt64(hash), BitConverter.ToUInt64(hash[8..]));
    }

    private static void Append(StringBuilder full, StringBuilder? prompt, StringBuilder words, IEnumerable<Message> messages, string section)
    {
        foreach (var message in messages)
        {
            var text = TextNormalizer.Normalize(message.Content);
            if (text.Length > 0)
            {
                if (words.Length > 0)
                {
                    words.Append(' ');
                }

                words.Append(text);
            }

            if (full.Length > 0)
            {
                full.Append('\u241E');
            }

            full.Append(section).Append(message.Role switch
            {
                Role.System => "system",
                Role.User => "user",
                Role.Assistant => "assistant",
                _ => "tool",
            }).Append('\u241F').Append(text);
            if (message.ToolCallsJson is not null)
            {
                full.Append('\u241F').Append(message.ToolCallsJson);
            }

            if (prompt is not null && message.Role != Role.Assistant)
            {
                if (prompt.Length > 0)
                {
                    prompt.Append('\n');
                }

                prompt.Append(text);
            }
        }
    }
}

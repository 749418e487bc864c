using Sharpen.Core.Conversations;
using Sharpen.Core.Text;

namespace Sharpen.Tokenization.Chat;

/// <summary>
/// Renders a conversation with its prompt format and tokenises it into ids plus a loss mask. By default only assistant
/// turns are trained (an assistant message with <c>weight: 0</c> is context), each trained turn includes the template's
/// end-of-turn text, and the final assistant turn is followed by the EOS token if the template did not end it with a
/// stop token — so the tuned model learns to stop. <c>trainOnInputs</c> trains on every token.
/// </summary>
/// <remarks>
/// The whole text is tokenised once, as at inference. Turn boundaries are found in characters by rendering growing
/// prefixes of the conversation (a prompt-with-generation-prompt is a prefix of the full text for real templates), then
/// mapped to tokens by tokenising the text up to each boundary; where a tokenizer would merge across a boundary, the
/// boundary moves to the first token that differs, so no context token is ever trained on by accident.
/// </remarks>
public sealed class ConversationEncoder(ITokenizer tokenizer, IPromptFormat format, bool trainOnInputs = false) : IExampleTokenCounter
{
    public IPromptFormat Format => format;

    /// <inheritdoc />
    public string Name => format.Name;

    /// <summary>The sequence length <see cref="Encode"/> produces, without locating the trained spans.</summary>
    public int CountTokens(Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var ids = Tokenize(format.Render(conversation.Messages, addGenerationPrompt: false));
        return ids.Count + (NeedsFinalEos(ids, conversation.Messages) ? 1 : 0);
    }

    /// <summary>Ids and mask for a training example.</summary>
    public EncodedConversation Encode(Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var messages = conversation.Messages;
        var text = format.Render(messages, addGenerationPrompt: false);
        var ids = Tokenize(text);
        var mask = new bool[ids.Count];
        if (trainOnInputs)
        {
            Array.Fill(mask, true);
            if (tokenizer.BosTokenId is { } bos && ids.Count > 0 && ids[0] == bos)
            {
                mask[0] = false; // nothing predicts the first token
            }
        }
        else
        {
            for (var i = 0; i < messages.Count; i++)
            {
                if (!messages[i].IsTrainable)
                {
                    continue;
                }

                var start = format.Render(messages.Take(i).ToList(), addGenerationPrompt: true);
                var end = format.Render(messages.Take(i + 1).ToList(), addGenerationPrompt: false);
                if (!text.StartsWith(start, StringComparison.Ordinal) || !text.StartsWith(end, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException(
                        $"The prompt format '{format.Name}' does not render message {i} as a prefix of the whole conversation, so its training span cannot be located.");
                }

                var from = TokenBoundary(ids, start);
                var to = end.Length == text.Length ? ids.Count : TokenBoundary(ids, end);
                for (var t = from; t < to; t++)
                {
                    mask[t] = true;
                }
            }
        }

        var (finalIds, finalMask) = EnsureFinalStop(ids, mask, messages);
        return new EncodedConversation(finalIds, finalMask, text);
    }

    /// <summary>Ids of a prompt for generation: the conversation so far, ending where the assistant's reply begins.</summary>
    public IReadOnlyList<int> EncodePrompt(IReadOnlyList<Message> messages) =>
        Tokenize(format.Render(messages, addGenerationPrompt: true));

    private List<int> Tokenize(string text) => [.. tokenizer.Encode(text, addSpecialTokens: !format.RendersSpecialTokens)];

    /// <summary>The number of leading tokens of <paramref name="ids"/> that <paramref name="prefix"/> produces on its own.</summary>
    private int TokenBoundary(List<int> ids, string prefix)
    {
        var prefixIds = Tokenize(prefix);
        var common = 0;
        while (common < prefixIds.Count && common < ids.Count && prefixIds[common] == ids[common])
        {
            common++;
        }

        return common;
    }

    private (int[] Ids, bool[] Mask) EnsureFinalStop(List<int> ids, bool[] mask, IReadOnlyList<Message> messages)
    {
        // The final assistant turn is the tail of the sequence; templates may follow its end-of-turn token with a
        // newline, so look at the last few tokens for a stop token before adding EOS.
        return NeedsFinalEos(ids, messages) ? ([.. ids, tokenizer.EosTokenId!.Value], [.. mask, true]) : ([.. ids], mask);
    }

    private bool NeedsFinalEos(List<int> ids, IReadOnlyList<Message> messages) =>
        messages.Count > 0 && messages[^1].IsTrainable && tokenizer.EosTokenId is not null && !ids.TakeLast(3).Any(tokenizer.StopTokenIds.Contains);
}

using Sharpen.Core.Conversations;

namespace Sharpen.Tokenization.Chat;

/// <summary>
/// Turns a conversation into the exact text a model was (or will be) trained on. Implemented by a model's own Jinja
/// chat template, or by Sharpen's plain format for base models that ship none.
/// </summary>
public interface IPromptFormat
{
    /// <summary>What is in use, recorded in run manifests and reports (a template name or <c>sharpen-plain</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Whether the rendered text already carries the BOS token (true for chat templates, which print <c>bos_token</c>
    /// themselves): then it is encoded without the tokenizer's own special-token post-processing, as transformers'
    /// <c>apply_chat_template(tokenize=True)</c> does.
    /// </summary>
    bool RendersSpecialTokens { get; }

    /// <summary>Renders <paramref name="messages"/>; with <paramref name="addGenerationPrompt"/> the text ends where the assistant's reply begins.</summary>
    string Render(IReadOnlyList<Message> messages, bool addGenerationPrompt);
}

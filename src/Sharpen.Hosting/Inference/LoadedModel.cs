using Sharpen.Core.Conversations;
using Sharpen.Core.Text;
using Sharpen.Tokenization.Chat;
using Sharpen.Modeling.Llama;

namespace Sharpen.Hosting.Inference;

/// <summary>A model ready to run: weights in memory, its tokenizer, and the ids that end a generation.</summary>
public sealed class LoadedModel(string directory, LlamaForCausalLM model, ITokenizer tokenizer, IReadOnlyCollection<int> stopTokenIds, IPromptFormat promptFormat) : IDisposable
{
    /// <summary>The folder the model was loaded from.</summary>
    public string Directory { get; } = directory;

    public LlamaForCausalLM Model { get; } = model;

    public ITokenizer Tokenizer { get; } = tokenizer;

    /// <summary>EOS and end-of-turn ids from the tokenizer, <c>config.json</c> and <c>generation_config.json</c>.</summary>
    public IReadOnlyCollection<int> StopTokenIds { get; } = stopTokenIds;

    /// <summary>How conversations are rendered for this model (its chat template, or the plain format).</summary>
    public IPromptFormat PromptFormat { get; } = promptFormat;

    /// <summary>Renders messages with <see cref="PromptFormat"/> and tokenises them (for a run folder: its base model's format).</summary>
    public ConversationEncoder Encoder { get; } = new(tokenizer, promptFormat);

    /// <summary>Token ids of a chat prompt: the messages rendered with <see cref="PromptFormat"/>, ending where the reply begins.</summary>
    public IReadOnlyList<int> EncodeChat(IReadOnlyList<Message> messages) => Encoder.EncodePrompt(messages);

    /// <summary>Token ids of a raw prompt: the tokenizer's own special-token handling, and just BOS for an empty prompt.</summary>
    public IReadOnlyList<int> EncodePrompt(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var bos = Tokenizer.BosTokenId ?? Model.Config.BosTokenId;
        if (prompt.Length == 0)
        {
            return bos is { } id
                ? [id]
                : throw new ArgumentException("The prompt is empty and the model has no BOS token to start from.", nameof(prompt));
        }

        var ids = Tokenizer.Encode(prompt, addSpecialTokens: true);
        return ids.Count > 0 ? ids : throw new ArgumentException("The prompt encodes to no tokens.", nameof(prompt));
    }

    public void Dispose() => Model.Dispose();
}

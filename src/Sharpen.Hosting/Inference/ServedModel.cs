using Sharpen.Hosting.Models;
using Sharpen.Tokenization.Chat;

namespace Sharpen.Hosting.Inference;

/// <summary>A model loaded for chat: the weights and tokenizer, and the encoder for its own prompt format.</summary>
public sealed class ServedModel(RegisteredModel registration, LoadedModel model) : IDisposable
{
    public RegisteredModel Registration { get; } = registration;

    public LoadedModel Model { get; } = model;

    /// <summary>Renders messages with the model's chat template (or the plain format) and tokenises the prompt.</summary>
    public ConversationEncoder Encoder => Model.Encoder;

    /// <summary>Tokens the model can attend to: prompt plus completion.</summary>
    public int ContextWindow => Model.Model.Config.MaxPositionEmbeddings;

    public void Dispose() => Model.Dispose();
}

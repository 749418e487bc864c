using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Sharpen.Core.Conversations;
using Sharpen.Hosting.Models;
using SharpenFinish = Sharpen.Modeling.Generation.FinishReason;

namespace Sharpen.Hosting.Inference;

/// <summary>
/// Microsoft.Extensions.AI's <see cref="IChatClient"/> over Sharpen's own chat service, so a .NET application can use a
/// Sharpen model (base or tuned) in-process with the same code it would point at a hosted model: no HTTP, same
/// prompt format, sampling and stop handling as <c>sharpen serve</c>.
/// </summary>
public sealed class SharpenChatClient : IChatClient
{
    private readonly ChatService _chat;
    private readonly string _defaultModel;
    private readonly IDisposable? _owned;

    /// <summary>A client on an existing service (a server's, say); <paramref name="defaultModel"/> is used when options name none.</summary>
    public SharpenChatClient(ChatService chat, string defaultModel)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentException.ThrowIfNullOrEmpty(defaultModel);
        _chat = chat;
        _defaultModel = defaultModel;
        Metadata = new ChatClientMetadata("sharpen", null, defaultModel);
    }

    private SharpenChatClient(ChatService chat, string defaultModel, IDisposable owned)
        : this(chat, defaultModel) => _owned = owned;

    /// <summary>Describes the provider (<c>sharpen</c>) and the default model.</summary>
    public ChatClientMetadata Metadata { get; }

    /// <summary>
    /// A client that owns its model: loads the Hugging Face-layout folder <paramref name="directory"/> on first use
    /// (named <paramref name="modelId"/>, default the folder name) and frees it on dispose.
    /// </summary>
    public static SharpenChatClient ForModelDirectory(string directory, string? modelId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var id = modelId ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
        var registry = new ModelRegistry(null);
        registry.Register(id, directory);
        var cache = new ModelCache(registry, capacity: 1);
        return new SharpenChatClient(new ChatService(cache), id, cache);
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = await _chat.CompleteAsync(ToRequest(messages, options), cancellationToken).ConfigureAwait(false);
        var choice = result.Choices[0];
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, choice.Text))
        {
            ModelId = result.Model,
            FinishReason = ToFinishReason(choice.Finish),
            Usage = new UsageDetails
            {
                InputTokenCount = result.Usage.PromptTokens,
                OutputTokenCount = result.Usage.CompletionTokens,
                TotalTokenCount = result.Usage.TotalTokens,
            },
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var generation = await _chat.StartAsync(ToRequest(messages, options), cancellationToken).ConfigureAwait(false);
        await using (generation.ConfigureAwait(false))
        {
            await foreach (var update in generation.ReadUpdatesAsync(cancellationToken).ConfigureAwait(false))
            {
                var chunk = new ChatResponseUpdate(ChatRole.Assistant, update.Text)
                {
                    ResponseId = generation.Id,
                    MessageId = generation.Id,
                    ModelId = generation.Model,
                    CreatedAt = generation.Created,
                };
                if (update.Finish != SharpenFinish.None)
                {
                    chunk.FinishReason = ToFinishReason(update.Finish);
                    chunk.Contents.Add(new UsageContent(new UsageDetails
                    {
                        InputTokenCount = generation.PromptTokens,
                        OutputTokenCount = update.CompletionTokens,
                        TotalTokenCount = generation.PromptTokens + update.CompletionTokens,
                    }));
                }

                yield return chunk;
            }
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : serviceType == typeof(ChatService) ? _chat
            : null;
    }

    public void Dispose() => _owned?.Dispose();

    private ChatRequest ToRequest(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var converted = new List<Message>();
        if (!string.IsNullOrEmpty(options?.Instructions))
        {
            converted.Add(new Message(Role.System, options.Instructions));
        }

        foreach (var message in messages)
        {
            converted.Add(new Message(ToRole(message.Role), message.Text) { Name = message.AuthorName });
        }

        return new ChatRequest(options?.ModelId ?? _defaultModel, converted)
        {
            MaxTokens = options?.MaxOutputTokens,
            Temperature = options?.Temperature,
            TopP = options?.TopP,
            TopK = options?.TopK,
            Seed = options?.Seed,
            Stop = options?.StopSequences is { } stop ? [.. stop] : [],
        };
    }

    private static Role ToRole(ChatRole role) =>
        role == ChatRole.System ? Role.System
        : role == ChatRole.User ? Role.User
        : role == ChatRole.Assistant ? Role.Assistant
        : role == ChatRole.Tool ? Role.Tool
        : throw new InvalidChatRequestException($"Unsupported chat role '{role}'; use system, user, assistant or tool.", "messages");

    private static ChatFinishReason ToFinishReason(SharpenFinish finish) =>
        finish == SharpenFinish.Stop ? ChatFinishReason.Stop : ChatFinishReason.Length;
}

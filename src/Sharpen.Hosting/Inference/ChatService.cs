using System.Threading.Channels;
using Sharpen.Core.Conversations;
using Sharpen.Hosting.Models;
using Sharpen.Hosting.Storage;
using Sharpen.Modeling.Generation;

namespace Sharpen.Hosting.Inference;

/// <summary>
/// Chat completions on the models of a <see cref="ModelCache"/>: validates a <see cref="ChatRequest"/>, renders the
/// messages with the model's own prompt format, and generates each choice with <see cref="TextGenerator"/> while it
/// holds the model. Cancelling (a client that went away) stops generation at the next token.
/// </summary>
public sealed class ChatService(ModelCache cache, TimeProvider? time = null)
{
    /// <summary>Most choices one request may ask for.</summary>
    public const int MaxChoices = 16;

    /// <summary>Most stop strings one request may give (OpenAI's limit).</summary>
    public const int MaxStopStrings = 4;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long _active;
    private long _completed;
    private long _cancelled;

    /// <summary>Generations running now (holding a model).</summary>
    public long ActiveGenerations => Interlocked.Read(ref _active);

    /// <summary>Generations that ran to the end of every choice since start.</summary>
    public long CompletedGenerations => Interlocked.Read(ref _completed);

    /// <summary>Generations stopped early by cancellation (client disconnects) since start.</summary>
    public long CancelledGenerations => Interlocked.Read(ref _cancelled);

    /// <summary>Generates the whole completion.</summary>
    public async Task<ChatResult> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        var generation = await StartAsync(request, cancellationToken).ConfigureAwait(false);
        await using (generation.ConfigureAwait(false))
        {
            return await generation.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Validates <paramref name="request"/>, waits for its model and starts generating; the updates are read from the
    /// returned <see cref="ChatGeneration"/>, which must be disposed.
    /// </summary>
    /// <exception cref="InvalidChatRequestException">A value is out of range or the prompt does not fit the context.</exception>
    /// <exception cref="ModelNotFoundException">The model is unknown.</exception>
    public async Task<ChatGeneration> StartAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        Validate(request);
        var lease = await cache.AcquireAsync(request.Model, cancellationToken).ConfigureAwait(false);
        try
        {
            var served = lease.Model;
            var promptIds = served.Encoder.EncodePrompt(request.Messages);
            var window = served.ContextWindow;
            if (promptIds.Count >= window)
            {
                throw new InvalidChatRequestException(
                    $"This model's maximum context length is {window} tokens. However, your messages resulted in {promptIds.Count} tokens.",
                    "messages", "context_length_exceeded");
            }

            var options = Options(request, served);
            var updates = Channel.CreateUnbounded<ChatUpdate>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var generation = new ChatGeneration(ResourceIds.New("chatcmpl-"), request.Model, _time.GetUtcNow(), promptIds.Count, request.N, updates, stop);
            Interlocked.Increment(ref _active);
            generation.Run(token => Task.Run(() => Generate(lease, promptIds, options, request, updates.Writer, token), CancellationToken.None));
            return generation;
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    private void Generate(ModelLease lease, IReadOnlyList<int> promptIds, GenerationOptions options, ChatRequest request, ChannelWriter<ChatUpdate> writer, CancellationToken token)
    {
        try
        {
            var generator = new TextGenerator(lease.Model.Model.Model, lease.Model.Model.Tokenizer);
            for (var choice = 0; choice < request.N; choice++)
            {
                var choiceOptions = request.Seed is { } seed
                    ? options with { Sampling = options.Sampling with { Seed = unchecked((ulong)seed + (ulong)choice) } }
                    : options;
                var tokens = 0;
                var finish = FinishReason.Length;
                foreach (var step in generator.Generate(promptIds, choiceOptions, token))
                {
                    tokens++;
                    if (step.Text.Length > 0)
                    {
                        writer.TryWrite(new ChatUpdate(choice, step.Text, FinishReason.None, 0));
                    }

                    if (step.Finish != FinishReason.None)
                    {
                        finish = step.Finish;
                    }
                }

                writer.TryWrite(new ChatUpdate(choice, string.Empty, finish, tokens));
            }

            Interlocked.Increment(ref _completed);
            writer.TryComplete();
        }
        catch (OperationCanceledException ex)
        {
            Interlocked.Increment(ref _cancelled);
            writer.TryComplete(ex);
            throw;
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _active);
            lease.Dispose();
        }
    }

    private static GenerationOptions Options(ChatRequest request, ServedModel served)
    {
        var temperature = request.Temperature ?? 1.0;
        var topP = request.TopP ?? 1.0;
        if (topP == 0)
        {
            // OpenAI allows top_p = 0: only the most likely token survives, which is greedy decoding.
            temperature = 0;
            topP = 1;
        }

        return new GenerationOptions
        {
            MaxNewTokens = request.MaxTokens ?? served.ContextWindow,
            StopTokenIds = served.Model.StopTokenIds,
            StopStrings = request.Stop,
            Sampling = new SamplingOptions { Temperature = temperature, TopP = topP, TopK = request.TopK ?? 0, Seed = request.Seed is { } s ? unchecked((ulong)s) : null },
        };
    }

    private static void Validate(ChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.Model))
        {
            throw new InvalidChatRequestException("You must provide a model parameter.", "model");
        }

        if (request.Messages is null || request.Messages.Count == 0)
        {
            throw new InvalidChatRequestException("'messages' must contain at least one message.", "messages");
        }

        if (request.MaxTokens is < 1)
        {
            throw new InvalidChatRequestException($"Invalid 'max_tokens': {request.MaxTokens} is less than the minimum of 1.", "max_tokens");
        }

        if (request.Temperature is { } t && (double.IsNaN(t) || t < 0 || t > 2))
        {
            throw new InvalidChatRequestException($"Invalid 'temperature': {t} is not between 0 and 2.", "temperature");
        }

        if (request.TopP is { } p && (double.IsNaN(p) || p < 0 || p > 1))
        {
            throw new InvalidChatRequestException($"Invalid 'top_p': {p} is not between 0 and 1.", "top_p");
        }

        if (request.TopK is < 0)
        {
            throw new InvalidChatRequestException($"Invalid 'top_k': {request.TopK} is negative.", "top_k");
        }

        if (request.N is < 1 or > MaxChoices)
        {
            throw new InvalidChatRequestException($"Invalid 'n': {request.N} is not between 1 and {MaxChoices}.", "n");
        }

        if (request.Stop.Count > MaxStopStrings)
        {
            throw new InvalidChatRequestException($"Invalid 'stop': at most {MaxStopStrings} stop sequences, got {request.Stop.Count}.", "stop");
        }

        if (request.Stop.Any(string.IsNullOrEmpty))
        {
            throw new InvalidChatRequestException("Invalid 'stop': stop sequences must not be empty.", "stop");
        }

        for (var i = 0; i < request.Messages.Count; i++)
        {
            if (request.Messages[i] is not Message { Content: not null })
            {
                throw new InvalidChatRequestException($"Invalid 'messages[{i}]': a message with content is required.", $"messages[{i}]");
            }
        }
    }
}

using System.Threading.Channels;

namespace Sharpen.Hosting.Inference;

/// <summary>
/// A chat completion under way. It exists only once the request has been accepted (model found and loaded, prompt
/// within the context), so a server can still answer an error before it starts streaming. Generation runs on a worker
/// and its <see cref="ChatUpdate"/>s are read with <see cref="ReadUpdatesAsync"/>; disposing stops it and frees the model.
/// </summary>
public sealed class ChatGeneration : IAsyncDisposable
{
    private readonly Channel<ChatUpdate> _updates;
    private readonly CancellationTokenSource _stop;
    private Task _worker = Task.CompletedTask;

    internal ChatGeneration(string id, string model, DateTimeOffset created, int promptTokens, int choices, Channel<ChatUpdate> updates, CancellationTokenSource stop)
    {
        Id = id;
        Model = model;
        Created = created;
        PromptTokens = promptTokens;
        Choices = choices;
        _updates = updates;
        _stop = stop;
    }

    /// <summary>A unique id (<c>chatcmpl-…</c>) shared by every chunk of this completion.</summary>
    public string Id { get; }

    public string Model { get; }

    public DateTimeOffset Created { get; }

    /// <summary>Tokens in the rendered prompt.</summary>
    public int PromptTokens { get; }

    /// <summary>How many choices are generated (one after another).</summary>
    public int Choices { get; }

    /// <summary>
    /// The updates in order; ends when every choice has finished, or throws what stopped the generation. Cancellation is
    /// checked before every update, not only while waiting: updates the generator already buffered must not keep flowing
    /// to a caller who has gone (ChannelReader.ReadAllAsync checks its token only when it has to wait).
    /// </summary>
    public async IAsyncEnumerable<ChatUpdate> ReadUpdatesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await _updates.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_updates.Reader.TryRead(out var update))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return update;
            }
        }
    }

    /// <summary>Reads the whole generation into a result.</summary>
    public async Task<ChatResult> ReadToEndAsync(CancellationToken cancellationToken = default)
    {
        var texts = Enumerable.Range(0, Choices).Select(_ => new System.Text.StringBuilder()).ToArray();
        var choices = new ChatChoice?[Choices];
        await foreach (var update in ReadUpdatesAsync(cancellationToken).ConfigureAwait(false))
        {
            texts[update.Choice].Append(update.Text);
            if (update.Finish != Modeling.Generation.FinishReason.None)
            {
                choices[update.Choice] = new ChatChoice(update.Choice, texts[update.Choice].ToString(), update.Finish, update.CompletionTokens);
            }
        }

        await _worker.ConfigureAwait(false);
        var done = choices.Select((c, i) => c ?? throw new InvalidOperationException($"Choice {i} ended without a finish reason.")).ToList();
        return new ChatResult(Model, done, new ChatUsage(PromptTokens, done.Sum(c => c.CompletionTokens)));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _worker.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Stopping early is what disposing asked for, and a failure has already reached the reader through the
            // channel; rethrowing here would replace that exception with a second copy.
        }

        _stop.Dispose();
    }

    internal void Run(Func<CancellationToken, Task> work) => _worker = work(_stop.Token);
}

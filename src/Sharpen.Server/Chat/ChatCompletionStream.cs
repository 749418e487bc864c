using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sharpen.Hosting.Inference;
using Sharpen.Modeling.Generation;
using Sharpen.Server.Errors;

namespace Sharpen.Server.Chat;

/// <summary>
/// Writes a started <see cref="ChatGeneration"/> as server-sent events: frames exactly <c>data: {json}\n\n</c>, one
/// chunk per piece of text, each choice opened with its role and closed with its <c>finish_reason</c>, an optional
/// usage chunk, then <c>data: [DONE]</c>. The generation is disposed at the end, which also stops it if the client left.
/// </summary>
internal sealed class ChatCompletionStream(ChatGeneration generation, bool includeUsage) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        await using (generation.ConfigureAwait(false))
        {
            var response = httpContext.Response;
            var ct = httpContext.RequestAborted;
            ServerSentEvents.Begin(httpContext);
            var created = generation.Created.ToUnixTimeSeconds();
            ChatCompletionChunk Chunk(ChunkChoice choice) => new(generation.Id, "chat.completion.chunk", created, generation.Model, null, [choice]);

            var opened = new bool[generation.Choices];
            long completionTokens = 0;
            try
            {
                await foreach (var update in generation.ReadUpdatesAsync(ct).ConfigureAwait(false))
                {
                    if (!opened[update.Choice])
                    {
                        opened[update.Choice] = true;
                        await WriteAsync(response, Chunk(new ChunkChoice(update.Choice, new ChunkDelta("assistant", string.Empty), null, null)), ct).ConfigureAwait(false);
                    }

                    if (update.Finish == FinishReason.None)
                    {
                        await WriteAsync(response, Chunk(new ChunkChoice(update.Choice, new ChunkDelta(null, update.Text), null, null)), ct).ConfigureAwait(false);
                    }
                    else
                    {
                        completionTokens += update.CompletionTokens;
                        await WriteAsync(response, Chunk(new ChunkChoice(update.Choice, new ChunkDelta(null, null), null, ChatCompletionsApi.FinishReasonOf(update.Finish))), ct).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The status line is gone; OpenAI reports a mid-stream failure as an error event, then ends the stream.
                var error = ErrorHandlingMiddleware.ToError(ex);
                await WriteAsync(response, new ErrorEnvelope(error.Body), ct).ConfigureAwait(false);
                await WriteRawAsync(response, "[DONE]"u8.ToArray(), ct).ConfigureAwait(false);
                return;
            }

            if (includeUsage)
            {
                var usage = new CompletionUsage(generation.PromptTokens, (int)completionTokens, generation.PromptTokens + (int)completionTokens);
                await WriteAsync(response, new ChatCompletionChunk(generation.Id, "chat.completion.chunk", created, generation.Model, null, [], usage), ct).ConfigureAwait(false);
            }

            await WriteRawAsync(response, "[DONE]"u8.ToArray(), ct).ConfigureAwait(false);
        }
    }

    private static Task WriteAsync<T>(HttpResponse response, T payload, CancellationToken ct) =>
        WriteRawAsync(response, JsonSerializer.SerializeToUtf8Bytes(payload, WireJson.Options), ct);

    private static Task WriteRawAsync(HttpResponse response, byte[] data, CancellationToken ct) => ServerSentEvents.WriteAsync(response, data, ct);
}

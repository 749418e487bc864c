using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sharpen.Hosting;
using Sharpen.Server.Auth;
using Sharpen.Modeling.Generation;
using Sharpen.Server.Errors;

namespace Sharpen.Server.Chat;

/// <summary><c>POST /v1/chat/completions</c>: a completion as one object, or streamed as server-sent events.</summary>
internal static class ChatCompletionsApi
{
    public static IEndpointRouteBuilder MapChatCompletionsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/v1/chat").MapPost("/completions", CreateChatCompletion);
        return routes;
    }

    public static async Task<Results<Ok<ChatCompletion>, ChatCompletionStream, ApiError>> CreateChatCompletion(HttpContext context, SharpenHost host)
    {
        var ct = context.RequestAborted;
        // Read by hand rather than bound, so a malformed body gets OpenAI's 400 naming the place it broke.
        var body = await JsonSerializer.DeserializeAsync<ChatCompletionRequest>(context.Request.Body, WireJson.Options, ct).ConfigureAwait(false);
        var (request, error) = ChatRequestMapper.Map(body);
        if (error is not null)
        {
            return error;
        }

        // Fine-tuned models belong to a project: another project's is as unknown as a missing one.
        if (host.FindModelFor(ApiKeyMiddleware.KeyOf(context).Project, request!.Model) is null)
        {
            return ApiError.ModelNotFound(request.Model);
        }

        // Starting validates, finds and loads the model and encodes the prompt, so every refusal is still a 4xx here.
        var generation = await host.Chat.StartAsync(request!, ct).ConfigureAwait(false);
        if (body!.Stream == true)
        {
            return new ChatCompletionStream(generation, body.StreamOptions?.IncludeUsage == true);
        }

        await using (generation.ConfigureAwait(false))
        {
            var result = await generation.ReadToEndAsync(ct).ConfigureAwait(false);
            return TypedResults.Ok(new ChatCompletion(
                generation.Id,
                "chat.completion",
                generation.Created.ToUnixTimeSeconds(),
                result.Model,
                null,
                [.. result.Choices.Select(c => new ChatCompletionChoice(c.Index, new AssistantMessage("assistant", c.Text, null), null, FinishReasonOf(c.Finish)))],
                new CompletionUsage(result.Usage.PromptTokens, result.Usage.CompletionTokens, result.Usage.TotalTokens)));
        }
    }

    public static string FinishReasonOf(FinishReason finish) => finish == FinishReason.Stop ? "stop" : "length";
}

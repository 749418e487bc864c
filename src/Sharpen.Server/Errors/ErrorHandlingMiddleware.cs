using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sharpen.Hosting.Files;
using Sharpen.Hosting.Inference;
using Sharpen.Hosting.Jobs;
using Sharpen.Hosting.Models;

namespace Sharpen.Server.Errors;

/// <summary>
/// Turns what a request can fail with into OpenAI-shaped answers: the application layer's client errors (unknown
/// model, bad values, invalid or oversized files, malformed JSON, Kestrel's own limits) into the right 4xx, a client
/// that went away into nothing, and only a genuine fault into a logged 500.
/// </summary>
internal sealed partial class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client disconnected; there is no one to answer.
        }
        catch (Exception ex) when (ToError(ex) is { } error)
        {
            if (context.Response.HasStarted)
            {
                LogFailedAfterStart(logger, ex, context.Request.Path);
                return;
            }

            if (error.Status >= 500)
            {
                LogUnhandled(logger, ex, context.Request.Method, context.Request.Path);
            }

            context.Response.Clear();
            await error.ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    /// <summary>The answer for <paramref name="exception"/>.</summary>
    public static ApiError ToError(Exception exception) => exception switch
    {
        ModelNotFoundException notFound => ApiError.ModelNotFound(notFound.ModelId),
        InvalidChatRequestException invalid => ApiError.BadRequest(invalid.Message, invalid.Param, invalid.Code),
        FileTooLargeException tooLarge => ApiError.TooLarge(tooLarge.Message, "file"),
        InvalidJobRequestException invalidJob => ApiError.BadRequest(invalidJob.Message, invalidJob.Param, invalidJob.Code),
        JobStateException state => ApiError.Conflict(state.Message, "invalid_job_state"),
        FileValidationException invalidFile => ApiError.BadRequest(invalidFile.Message, "file", "invalid_file"),
        JsonException json => ApiError.BadRequest(
            "We could not parse the JSON body of your request: " + json.Message, ParamOf(json.Path), "invalid_json"),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            ApiError.TooLarge("The request body is larger than the server accepts.", null),
        BadHttpRequestException bad => new ApiError(bad.StatusCode, bad.Message, "invalid_request_error"),
        _ => ApiError.Server("The server had an error while processing your request."),
    };

    // "$.messages[0].content" → "messages[0].content", the spelling OpenAI uses in "param".
    private static string? ParamOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request to {Path} failed after its response started")]
    private static partial void LogFailedAfterStart(ILogger logger, Exception exception, string path);
}

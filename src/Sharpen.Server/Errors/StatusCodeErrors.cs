using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Sharpen.Server.Errors;

/// <summary>Fills the empty 404 (no such route) and 405 (route exists, other method) answers with OpenAI's envelope.</summary>
internal static class StatusCodeErrors
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var request = $"{http.Request.Method} {http.Request.Path}";
        var error = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ApiError.NotFound($"Invalid URL ({request}).", null, "unknown_url"),
            StatusCodes.Status405MethodNotAllowed => new ApiError(StatusCodes.Status405MethodNotAllowed,
                $"Method not allowed ({request}); allowed: {http.Response.Headers.Allow}.", "invalid_request_error", null, "method_not_allowed"),
            var status => new ApiError(status, $"The request failed with status {status}.", status >= 500 ? "server_error" : "invalid_request_error"),
        };
        return error.ExecuteAsync(http);
    }
}

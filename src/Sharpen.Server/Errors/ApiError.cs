using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Sharpen.Server.Errors;

/// <summary>
/// An error answer in OpenAI's shape. Client errors (4xx) carry <c>x-should-retry: false</c>, because the official
/// SDKs would otherwise retry some of them (408, 409, 429) and would retry a 5xx: a request that is wrong stays wrong.
/// </summary>
internal sealed class ApiError(int status, string message, string type, string? param = null, string? code = null) : IResult
{
    public int Status { get; } = status;

    public ErrorBody Body { get; } = new(message, type, param, code);

    public static ApiError BadRequest(string message, string? param = null, string? code = null) =>
        new(StatusCodes.Status400BadRequest, message, "invalid_request_error", param, code);

    public static ApiError MissingParameter(string param) =>
        BadRequest($"Missing required parameter: '{param}'.", param, "missing_required_parameter");

    public static ApiError NotFound(string message, string? param = null, string? code = null) =>
        new(StatusCodes.Status404NotFound, message, "invalid_request_error", param, code);

    public static ApiError ModelNotFound(string model) =>
        NotFound($"The model '{model}' does not exist or you do not have access to it.", "model", "model_not_found");

    public static ApiError Conflict(string message, string? code) =>
        new(StatusCodes.Status409Conflict, message, "invalid_request_error", null, code);

    public static ApiError Unauthorized(string message, string? code) =>
        new(StatusCodes.Status401Unauthorized, message, "invalid_request_error", null, code);

    public static ApiError TooLarge(string message, string? param) =>
        new(StatusCodes.Status413PayloadTooLarge, message, "invalid_request_error", param, "file_too_large");

    public static ApiError Server(string message) =>
        new(StatusCodes.Status500InternalServerError, message, "server_error");

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = Status;
        if (Status is >= 400 and < 500)
        {
            response.Headers["x-should-retry"] = "false";
        }

        if (Status == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = "Bearer";
        }

        response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(response.Body, new ErrorEnvelope(Body), WireJson.Options, httpContext.RequestAborted);
    }
}

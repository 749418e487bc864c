using Microsoft.AspNetCore.Http;
using Sharpen.Hosting.Security;
using Sharpen.Server.Dashboard;
using Sharpen.Server.Errors;

namespace Sharpen.Server.Auth;

/// <summary>
/// Bearer API keys on every path but <c>/health</c> and the dashboard's static files (which hold no data; the page
/// sends the key it asks for on every API call): a missing or unknown key answers 401 in OpenAI's shape; a valid
/// one is attached to the request, and its project scopes everything the handlers read.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyStore keys)
{
    private static readonly object s_itemKey = new();

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.Equals("/health", StringComparison.OrdinalIgnoreCase) || DashboardApi.IsDashboardPath(context.Request.Path))
        {
            return next(context);
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return ApiError.Unauthorized(
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                null).ExecuteAsync(context);
        }

        const string scheme = "Bearer ";
        var secret = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
        var key = keys.Authenticate(secret);
        if (key is null)
        {
            return ApiError.Unauthorized("Incorrect API key provided. Create one with `sharpen keys create`.", "invalid_api_key").ExecuteAsync(context);
        }

        context.Items[s_itemKey] = key;
        return next(context);
    }

    /// <summary>The key that authenticated <paramref name="context"/> (the middleware guarantees one on every API route).</summary>
    public static ApiKey KeyOf(HttpContext context) =>
        context.Items[s_itemKey] as ApiKey ?? throw new InvalidOperationException("The request was not authenticated.");
}

using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sharpen.Server.Errors;

namespace Sharpen.Server.Dashboard;

/// <summary>
/// <c>/dashboard</c>: the web dashboard's static files, embedded in this assembly (no CDN, no build step, no files on
/// disk). They hold no data and are served without an API key; the page asks for a key and calls the public
/// <c>/v1</c> API with it, so it can do nothing a client with that key could not. Only the embedded names are
/// served: nothing in a request path reaches the filesystem.
/// </summary>
internal static class DashboardApi
{
    /// <summary>The path prefix the dashboard is served under.</summary>
    public const string Prefix = "/dashboard";

    private const string ResourcePrefix = "dashboard/";

    // Scripts and styles only from this server; the evaluation report is shown in a sandboxed srcdoc iframe, which
    // inherits this policy (so its inline styles need 'unsafe-inline' for styles; its scripts never run).
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        + "connect-src 'self'; frame-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, Asset> s_assets = LoadAssets();

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder routes)
    {
        // A catch-all is optional, so this one route also answers /dashboard and /dashboard/ (with the page).
        routes.MapGet(Prefix + "/{**path}", GetAsset);
        return routes;
    }

    /// <summary>True for the paths this class serves, which need no API key.</summary>
    public static bool IsDashboardPath(PathString path) => path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase);

    public static IResult GetAsset(string? path, HttpContext context) => Serve(context, string.IsNullOrEmpty(path) ? "index.html" : path);

    private static IResult Serve(HttpContext context, string name)
    {
        if (!s_assets.TryGetValue(name, out var asset))
        {
            return ApiError.NotFound($"The dashboard has no file '{name}'.", "path");
        }

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> LoadAssets()
    {
        var assembly = typeof(DashboardApi).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..16] + "\"";
            assets[resource[ResourcePrefix.Length..]] = new Asset(content, ContentTypeOf(resource), etag);
        }

        if (!assets.ContainsKey("index.html"))
        {
            throw new InvalidOperationException($"{assembly.GetName().Name} was built without the dashboard's files (embedded '{ResourcePrefix}index.html' is missing).");
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    private sealed record Asset(byte[] Content, string ContentType, string ETag);
}

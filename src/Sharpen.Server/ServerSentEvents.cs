using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Sharpen.Server;

/// <summary>
/// Server-sent events as OpenAI and the dashboard read them: a <c>text/event-stream</c> response that is never buffered,
/// each event one frame exactly <c>data: {payload}\n\n</c>, flushed as it is written.
/// </summary>
internal static class ServerSentEvents
{
    private static readonly byte[] s_prefix = "data: "u8.ToArray();
    private static readonly byte[] s_suffix = "\n\n"u8.ToArray();

    /// <summary>Sets the status and headers of an event stream and turns response buffering off.</summary>
    public static void Begin(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    /// <summary>Writes one <c>data:</c> frame and flushes it. JSON never holds a raw newline, so one line per event is exact.</summary>
    public static async Task WriteAsync(HttpResponse response, byte[] data, CancellationToken ct)
    {
        var frame = new byte[s_prefix.Length + data.Length + s_suffix.Length];
        s_prefix.CopyTo(frame, 0);
        data.CopyTo(frame, s_prefix.Length);
        s_suffix.CopyTo(frame, s_prefix.Length + data.Length);
        await response.Body.WriteAsync(frame, ct).ConfigureAwait(false);
        await response.Body.FlushAsync(ct).ConfigureAwait(false);
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sharpen.Hosting.Jobs;

namespace Sharpen.Server.FineTuning;

/// <summary>
/// <c>GET /v1/fine_tuning/jobs/{id}/events?stream=true</c>, the dashboard's live feed: every recorded event oldest first,
/// then each new one as it is recorded, each framed exactly <c>data: {event JSON}\n\n</c> (the list endpoint's item
/// shape); once the job is succeeded, failed, cancelled or paused, whatever it logged on the way there, then
/// <c>data: [DONE]\n\n</c>, and the response ends. Nothing else is ever written (no comments or keep-alives): the
/// dashboard parses these frames by hand, because a browser's EventSource cannot send the bearer key.
/// </summary>
internal sealed class JobEventStream(JobStore store, string project, string jobId) : IResult
{
    private static readonly TimeSpan s_poll = TimeSpan.FromSeconds(1);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var ct = httpContext.RequestAborted;
        ServerSentEvents.Begin(httpContext);
        await response.Body.FlushAsync(ct).ConfigureAwait(false);

        long seq = 0;
        while (true)
        {
            // Read the status before the events: anything logged up to a final status is then sent before [DONE].
            var job = store.Get(project, jobId);
            var finished = job is null || JobStatus.IsTerminal(job.Status) || job.Status == JobStatus.Paused;
            foreach (var (position, item) in store.EventsSince(jobId, seq))
            {
                seq = position;
                await ServerSentEvents.WriteAsync(response, JsonSerializer.SerializeToUtf8Bytes(JobEventObject.From(item), WireJson.Options), ct).ConfigureAwait(false);
            }

            if (finished)
            {
                await ServerSentEvents.WriteAsync(response, "[DONE]"u8.ToArray(), ct).ConfigureAwait(false);
                return;
            }

            await store.WaitForChangeAsync(s_poll, ct).ConfigureAwait(false);
        }
    }
}

using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sharpen.Hosting;
using Sharpen.Server.Auth;
using Sharpen.Server.Errors;

namespace Sharpen.Server.FineTuning;

/// <summary>
/// <c>/v1/fine_tuning/jobs</c>: create, list (cursor paging, <c>metadata[k]=v</c> filter), retrieve, cancel, pause,
/// resume, events (newest first; <c>?stream=true</c> streams them as server-sent events) and checkpoints. Every lookup
/// is scoped to the caller's project, so another project's job id answers 404 like an unknown one.
/// </summary>
internal static class FineTuningApi
{
    private const int MaxLimit = 100;

    public static IEndpointRouteBuilder MapFineTuningApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/fine_tuning/jobs");
        group.MapPost("/", CreateJob);
        group.MapGet("/", ListJobs);
        group.MapGet("/{id}", GetJob);
        group.MapPost("/{id}/cancel", CancelJob);
        group.MapPost("/{id}/pause", PauseJob);
        group.MapPost("/{id}/resume", ResumeJob);
        group.MapGet("/{id}/events", ListEvents);
        group.MapGet("/{id}/checkpoints", ListCheckpoints);
        return routes;
    }

    public static async Task<Results<Ok<FineTuningJobObject>, ApiError>> CreateJob(HttpContext context, SharpenHost host)
    {
        // Read by hand rather than bound, so a malformed body gets OpenAI's 400 naming the place it broke.
        using var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
        var (request, error) = FineTuningRequestReader.Read(body.RootElement);
        if (error is not null)
        {
            return error;
        }

        var job = host.Jobs.Create(Project(context), request!);
        return TypedResults.Ok(FineTuningJobObject.From(job, host.Time.GetUtcNow()));
    }

    public static Results<Ok<FineTuningJobList>, ApiError> ListJobs(HttpContext context, SharpenHost host, string? after, string? limit)
    {
        if (ParseLimit(limit, 20) is not { } n)
        {
            return BadLimit(limit);
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in context.Request.Query)
        {
            if (key.StartsWith("metadata[", StringComparison.Ordinal) && key.EndsWith(']'))
            {
                metadata[key["metadata[".Length..^1]] = values.ToString();
            }
        }

        var page = host.Jobs.Store.List(Project(context), string.IsNullOrEmpty(after) ? null : after, n, metadata);
        var now = host.Time.GetUtcNow();
        return TypedResults.Ok(new FineTuningJobList("list", [.. page.Items.Select(j => FineTuningJobObject.From(j, now))], page.HasMore));
    }

    public static Results<Ok<FineTuningJobObject>, ApiError> GetJob(string id, HttpContext context, SharpenHost host) =>
        host.Jobs.Get(Project(context), id) is { } job ? TypedResults.Ok(FineTuningJobObject.From(job, host.Time.GetUtcNow())) : NoSuchJob(id);

    public static async Task<Results<Ok<FineTuningJobObject>, ApiError>> CancelJob(string id, HttpContext context, SharpenHost host) =>
        await host.Jobs.CancelAsync(Project(context), id, context.RequestAborted).ConfigureAwait(false) is { } job
            ? TypedResults.Ok(FineTuningJobObject.From(job, host.Time.GetUtcNow()))
            : NoSuchJob(id);

    public static async Task<Results<Ok<FineTuningJobObject>, ApiError>> PauseJob(string id, HttpContext context, SharpenHost host) =>
        await host.Jobs.PauseAsync(Project(context), id, context.RequestAborted).ConfigureAwait(false) is { } job
            ? TypedResults.Ok(FineTuningJobObject.From(job, host.Time.GetUtcNow()))
            : NoSuchJob(id);

    public static Results<Ok<FineTuningJobObject>, ApiError> ResumeJob(string id, HttpContext context, SharpenHost host) =>
        host.Jobs.Resume(Project(context), id) is { } job ? TypedResults.Ok(FineTuningJobObject.From(job, host.Time.GetUtcNow())) : NoSuchJob(id);

    public static Results<Ok<JobEventList>, JobEventStream, ApiError> ListEvents(string id, HttpContext context, SharpenHost host, string? after, string? limit, string? stream)
    {
        var project = Project(context);
        if (host.Jobs.Get(project, id) is null)
        {
            return NoSuchJob(id);
        }

        if (stream is not null && stream is not ("true" or "false"))
        {
            return ApiError.BadRequest($"Invalid 'stream': '{stream}'. Use 'true' or 'false'.", "stream", "invalid_value");
        }

        if (stream == "true")
        {
            return new JobEventStream(host.Jobs.Store, project, id);
        }

        if (ParseLimit(limit, 20) is not { } n)
        {
            return BadLimit(limit);
        }

        var page = host.Jobs.Store.ListEvents(project, id, string.IsNullOrEmpty(after) ? null : after, n);
        return TypedResults.Ok(new JobEventList("list", [.. page.Items.Select(JobEventObject.From)], page.HasMore));
    }

    public static Results<Ok<CheckpointList>, ApiError> ListCheckpoints(string id, HttpContext context, SharpenHost host, string? after, string? limit)
    {
        var project = Project(context);
        if (host.Jobs.Get(project, id) is null)
        {
            return NoSuchJob(id);
        }

        if (ParseLimit(limit, 10) is not { } n)
        {
            return BadLimit(limit);
        }

        var page = host.Jobs.Store.ListCheckpoints(project, id, string.IsNullOrEmpty(after) ? null : after, n);
        var data = page.Items.Select(CheckpointObject.From).ToList();
        return TypedResults.Ok(new CheckpointList("list", data, data.FirstOrDefault()?.Id, data.LastOrDefault()?.Id, page.HasMore));
    }

    private static string Project(HttpContext context) => ApiKeyMiddleware.KeyOf(context).Project;

    private static ApiError NoSuchJob(string id) => ApiError.NotFound($"No such fine-tuning job: {id}", "id", "fine_tuning_job_not_found");

    private static int? ParseLimit(string? limit, int fallback) =>
        limit is null ? fallback
        : int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxLimit ? n
        : null;

    private static ApiError BadLimit(string? limit) =>
        ApiError.BadRequest($"Invalid 'limit': '{limit}' is not an integer between 1 and {MaxLimit}.", "limit", "invalid_value");
}

using System.ClientModel;
using System.Text;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAI.Files;
using OpenAI.FineTuning;
using Sharpen.Data.Analysis;
using Sharpen.Data.Formats;
using Sharpen.Data.Preparation;
using Sharpen.Data.Reading;
using Sharpen.Data.Splitting;
using Sharpen.Data.Validation;
using Sharpen.Hosting.Data;
using Sharpen.TestKit;

namespace Sharpen.Server.Tests.FineTuning;

/// <summary>
/// Training data for job tests, made the way a user makes it: a Banking77 sample (every 100th row of
/// <c>../shared/data/banking77/train.csv</c>, so many intents appear) prepared by the data step
/// (<c>sharpen data prepare … --prompt-column text --completion-column category --label-column category</c>) into
/// chat JSONL, split 80/20 into training and validation files.
/// </summary>
internal static class JobTestData
{
    private static readonly Lazy<(byte[] Train, byte[] Validation)> s_prepared = new(Prepare);

    public static byte[] Train => s_prepared.Value.Train;

    public static byte[] Validation => s_prepared.Value.Validation;

    /// <summary>Examples in <see cref="Train"/>.</summary>
    public static int TrainExamples => Encoding.UTF8.GetString(Train).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

    public static async Task<string> UploadAsync(ServerFixture server, byte[] content, string name, string? key = null)
    {
        OpenAIFile file = await server.OpenAI(key).GetOpenAIFileClient().UploadFileAsync(new MemoryStream(content), name, FileUploadPurpose.FineTune);
        return file.Id;
    }

    /// <summary>Polls the job with the SDK until <paramref name="done"/> holds (or fails the test after <paramref name="seconds"/>).</summary>
    public static async Task<FineTuningJob> WaitAsync(FineTuningClient client, string jobId, Func<FineTuningJob, bool> done, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var job = await client.GetJobAsync(jobId);

            // The SDK's own wait sleeps until estimated_finish, so it must never be in the past (a second of slack for
            // the trip from the server's clock to this one).
            Assert.True(job.EstimatedFinishAt is null || job.EstimatedFinishAt > DateTimeOffset.UtcNow.AddSeconds(-1), $"estimated_finish {job.EstimatedFinishAt} is in the past");
            if (done(job))
            {
                return job;
            }

            if (DateTime.UtcNow >= deadline)
            {
                var recent = new List<string>();
                await foreach (var e in job.GetEventsAsync(new GetEventsOptions { PageSize = 5 }))
                {
                    recent.Add($"{e.CreatedAt:HH:mm:ss} {e.Message}");
                    if (recent.Count == 5)
                    {
                        break;
                    }
                }

                Assert.Fail($"job {jobId} is still {job.Status} after {seconds} s; latest events: {string.Join(" | ", recent)}");
            }

            await Task.Delay(100);
        }
    }

    public static Task<FineTuningJob> WaitFinishedAsync(FineTuningClient client, string jobId) =>
        WaitAsync(client, jobId, j => j.HasCompleted);

    /// <summary>
    /// Reads <c>GET /v1/fine_tuning/jobs/{id}/events?stream=true</c> frame by frame until <c>data: [DONE]</c>, calling
    /// <paramref name="onEvent"/> as each event arrives; returns the events' JSON texts in arrival order.
    /// </summary>
    public static async Task<List<string>> StreamEventsAsync(ServerFixture server, string jobId, Func<JsonElement, Task>? onEvent = null)
    {
        using var http = server.Http();
        http.Timeout = TimeSpan.FromSeconds(120);
        using var response = await http.GetAsync($"/v1/fine_tuning/jobs/{jobId}/events?stream=true", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<string>();
        while (true)
        {
            var line = await reader.ReadLineAsync() ?? throw new InvalidDataException("the stream ended without data: [DONE]");
            Assert.StartsWith("data: ", line, StringComparison.Ordinal);
            Assert.Equal("", await reader.ReadLineAsync());
            var data = line["data: ".Length..];
            if (data == "[DONE]")
            {
                Assert.Null(await reader.ReadLineAsync());
                return events;
            }

            events.Add(data);
            if (onEvent is not null)
            {
                using var json = JsonDocument.Parse(data);
                await onEvent(json.RootElement);
            }
        }
    }

    /// <summary>Every event of the job, oldest first, read through the paged list endpoint (100 a page).</summary>
    public static async Task<List<JsonElement>> AllEventsAsync(HttpClient http, string jobId)
    {
        var events = new List<JsonElement>();
        string? after = null;
        while (true)
        {
            var page = await http.GetFromJsonAsync<JsonElement>($"/v1/fine_tuning/jobs/{jobId}/events?limit=100" + (after is null ? "" : "&after=" + after));
            events.AddRange(page.GetProperty("data").EnumerateArray());
            if (!page.GetProperty("has_more").GetBoolean())
            {
                events.Reverse();
                return events;
            }

            after = events[^1].GetProperty("id").GetString();
        }
    }

    /// <summary>The steps of the metrics events among <paramref name="events"/>, in order.</summary>
    public static List<int> MetricSteps(IEnumerable<JsonElement> events) =>
        [.. events.Where(e => e.GetProperty("type").GetString() == "metrics").Select(e => e.GetProperty("data").GetProperty("step").GetInt32())];

    /// <summary>Creates a job with a raw body (Sharpen's extension fields, invalid values), returning the status and JSON.</summary>
    public static async Task<(System.Net.HttpStatusCode Status, string Body)> CreateRawAsync(HttpClient http, string json)
    {
        using var response = await http.PostAsync("/v1/fine_tuning/jobs", ServerFixture.Json(json));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static (byte[], byte[]) Prepare()
    {
        using var temp = new TempDirectory();
        var csv = temp.File("banking77-sample.csv");
        File.WriteAllLines(csv, File.ReadLines(SharedData.Path("data", "banking77", "train.csv")).Where((_, i) => i == 0 || i % 100 == 1));
        var result = DataService.Prepare(new PrepareOptions
        {
            InputPath = csv,
            OutputDirectory = temp.File("prepared"),
            Analysis = new ValidationOptions
            {
                Read = new DatasetReadOptions { Columns = new ColumnMapping { Prompt = "text", Completion = "category" } },
            },
            Split = SplitOptions.TrainValidation(),
        }, ServerFixture.ModelDirectory);
        return (File.ReadAllBytes(result.SplitPaths["train"]), File.ReadAllBytes(result.SplitPaths["validation"]));
    }
}

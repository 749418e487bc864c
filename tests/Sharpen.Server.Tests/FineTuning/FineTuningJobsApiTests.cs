using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OpenAI.FineTuning;

namespace Sharpen.Server.Tests.FineTuning;

/// <summary>The job lifecycle over HTTP: failures with reason codes, refusals, paging, cancel, pause and resume, live events.</summary>
[Collection(ServerCollection.Name)]
public sealed class FineTuningJobsApiTests(ServerFixture server)
{
    [Fact]
    public async Task Create_FewerThanTenExamples_FailsWithInvalidNExamples()
    {
        var small = Encoding.UTF8.GetBytes(string.Join('\n', Encoding.UTF8.GetString(JobTestData.Train).Split('\n').Take(5)) + "\n");
        var fileId = await JobTestData.UploadAsync(server, small, "five.jsonl");
        var client = server.OpenAI().GetFineTuningClient();

        FineTuningJob created = await client.FineTuneAsync(ServerFixture.Model, fileId, waitUntilCompleted: false);
        var job = await JobTestData.WaitFinishedAsync(client, created.JobId);

        Assert.Equal(FineTuningStatus.Failed, job.Status);
        using var http = server.Http();
        var error = (await http.GetFromJsonAsync<JsonElement>($"/v1/fine_tuning/jobs/{job.JobId}")).GetProperty("error");
        Assert.Equal("invalid_n_examples", error.GetProperty("code").GetString());
        Assert.Equal("training_file", error.GetProperty("param").GetString());
        Assert.Equal("Training file has 5 example(s), but must have at least 10 examples", error.GetProperty("message").GetString());
        Assert.Null(job.Value);
    }

    [Fact]
    public async Task Create_TrainingThatThrows_FailsWithTrainingFailedAndTheRunsReason()
    {
        var trainId = await JobTestData.UploadAsync(server, JobTestData.Train, "train.jsonl");
        using var http = server.Http();

        // The projection name passes the request checks; building the adapters refuses it once training starts.
        var (status, body) = await JobTestData.CreateRawAsync(http,
            $$$$"""{"model":"stories260K","training_file":"{{{{trainId}}}}","sharpen":{"lora":{"target_modules":"no_such_proj"}}}""");
        Assert.True(status == HttpStatusCode.OK, body);
        var job = await JobTestData.WaitFinishedAsync(server.OpenAI().GetFineTuningClient(), JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!);

        Assert.Equal(FineTuningStatus.Failed, job.Status);
        var error = (await http.GetFromJsonAsync<JsonElement>($"/v1/fine_tuning/jobs/{job.JobId}")).GetProperty("error");
        Assert.Equal("training_failed", error.GetProperty("code").GetString());
        Assert.Contains("no_such_proj", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(server.Host.DataDirectory, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var last = (await JobTestData.AllEventsAsync(http, job.JobId))[^1];
        Assert.Equal("error", last.GetProperty("level").GetString());
        Assert.StartsWith("Fine-tuning job failed: ", last.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"training_file":"TRAIN"}""", "model", "missing_required_parameter")]
    [InlineData("""{"model":"no-such-model","training_file":"TRAIN"}""", "model", "model_not_available")]
    [InlineData("""{"model":"stories260K","training_file":"file-doesNotExist"}""", "training_file", "invalid_file")]
    [InlineData("""{"model":"stories260K","training_file":"TRAIN","validation_file":"OTHER"}""", "validation_file", "invalid_file")]
    [InlineData("""{"model":"stories260K","training_file":"TRAIN","hyperparameters":{"n_epochs":"many"}}""", "hyperparameters.n_epochs", "invalid_type")]
    [InlineData("""{"model":"stories260K","training_file":"TRAIN","method":{"type":"supervised","supervised":{"hyperparameters":{"batch_size":0}}}}""", "hyperparameters.batch_size", "invalid_value")]
    [InlineData("""{"model":"stories260K","training_file":"TRAIN","method":{"type":"dpo"}}""", "method.type", "unsupported_value")]
    [InlineData("""{"model":"stories260K","training_file":"TRAIN","suffix":"no spaces allowed"}""", "suffix", "invalid_value")]
    [InlineData("""{"model":"stories260K","training_file":"TRAIN","sharpen":{"lora":{"rnak":8}}}""", "sharpen.lora.rnak", "unknown_parameter")]
    [InlineData("""{"model":"stories260K","training_file":"TRAIN","sharpen":{"method":"full","lora":{"rank":8}}}""", "sharpen.lora", "invalid_value")]
    [InlineData("""{"model":"stories260K","training_file":"TRAIN","metadata":{"k":1}}""", "metadata.k", "invalid_type")]
    public async Task Create_InvalidRequest_Answers400NamingTheField(string body, string param, string code)
    {
        var trainId = await JobTestData.UploadAsync(server, JobTestData.Train, "train.jsonl");
        var otherProjectFile = await JobTestData.UploadAsync(server, JobTestData.Validation, "theirs.jsonl", server.OtherProjectKey);
        using var http = server.Http();
        var before = await CountJobsAsync(http);

        using var response = await http.PostAsync("/v1/fine_tuning/jobs", ServerFixture.Json(body.Replace("TRAIN", trainId, StringComparison.Ordinal).Replace("OTHER", otherProjectFile, StringComparison.Ordinal)));

        await ErrorAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, param, code);
        Assert.Equal(before, await CountJobsAsync(http));
    }

    [Fact]
    public async Task Create_MalformedJson_Answers400()
    {
        using var http = server.Http();
        using var response = await http.PostAsync("/v1/fine_tuning/jobs", ServerFixture.Json("""{"model": "stories260K", """));
        await ErrorAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, null, "invalid_json");
    }

    [Fact]
    public async Task List_PagesNewestFirstFiltersByMetadataAndHidesOtherProjects()
    {
        var trainId = await JobTestData.UploadAsync(server, JobTestData.Train, "train.jsonl");
        using var http = server.Http();
        var batch = Guid.NewGuid().ToString("N");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (status, body) = await JobTestData.CreateRawAsync(http, $$$"""{"model":"stories260K","training_file":"{{{trainId}}}","metadata":{"batch":"{{{batch}}}","index":"{{{i}}}"}}""");
            Assert.Equal(HttpStatusCode.OK, status);
            ids.Add(JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!);
            using var cancel = await http.PostAsync($"/v1/fine_tuning/jobs/{ids[^1]}/cancel", null);
            Assert.Equal("cancelled", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }

        var first = await http.GetFromJsonAsync<JsonElement>($"/v1/fine_tuning/jobs?limit=2&metadata[batch]={batch}");
        Assert.Equal([ids[2], ids[1]], first.GetProperty("data").EnumerateArray().Select(j => j.GetProperty("id").GetString()));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        var second = await http.GetFromJsonAsync<JsonElement>($"/v1/fine_tuning/jobs?limit=2&metadata[batch]={batch}&after={ids[1]}");
        Assert.Equal([ids[0]], second.GetProperty("data").EnumerateArray().Select(j => j.GetProperty("id").GetString()));
        Assert.False(second.GetProperty("has_more").GetBoolean());
        var one = await http.GetFromJsonAsync<JsonElement>($"/v1/fine_tuning/jobs?metadata[batch]={batch}&metadata[index]=1");
        Assert.Equal([ids[1]], one.GetProperty("data").EnumerateArray().Select(j => j.GetProperty("id").GetString()));

        // The SDK's pager walks the same list to the end.
        var seen = new List<string>();
        await foreach (var job in server.OpenAI().GetFineTuningClient().GetJobsAsync(new FineTuningJobCollectionOptions { PageSize = 2 }))
        {
            seen.Add(job.JobId);
        }

        Assert.Equal(ids.AsEnumerable().Reverse(), seen.Where(ids.Contains));

        // Another project sees none of them, and their ids are unknown to it everywhere.
        using var other = server.Http(server.OtherProjectKey);
        var theirs = await other.GetFromJsonAsync<JsonElement>($"/v1/fine_tuning/jobs?metadata[batch]={batch}");
        Assert.Empty(theirs.GetProperty("data").EnumerateArray());
        foreach (var (method, path) in new[] { ("GET", ""), ("GET", "/events"), ("GET", "/checkpoints"), ("POST", "/cancel"), ("POST", "/pause"), ("POST", "/resume") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), $"/v1/fine_tuning/jobs/{ids[0]}{path}");
            using var response = await other.SendAsync(request);
            await ErrorAssert.IsErrorAsync(response, HttpStatusCode.NotFound, "id");
        }
    }

    [Fact]
    public async Task Cancel_RunningJob_StopsAtAStepBoundaryAndLaterTransitionsAnswer409()
    {
        var trainId = await JobTestData.UploadAsync(server, JobTestData.Train, "train.jsonl");
        using var http = server.Http();
        var id = await CreateAsync(http, trainId, epochs: 50);
        await WaitForStepAsync(http, id);

        using (var cancel = await http.PostAsync($"/v1/fine_tuning/jobs/{id}/cancel", null))
        {
            var job = await cancel.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("cancelled", job.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Number, job.GetProperty("finished_at").ValueKind);
            Assert.Equal(JsonValueKind.Null, job.GetProperty("fine_tuned_model").ValueKind);
        }

        var events = await AllEventsAsync(http, id);
        Assert.Equal("Fine-tuning job cancelled", events[^1].GetProperty("message").GetString());
        var steps = MetricSteps(events);
        Assert.Equal(Enumerable.Range(1, steps.Count), steps);
        Assert.True(steps.Count < 50 * JobTestData.TrainExamples, "the job ran to the end");
        foreach (var action in new[] { "cancel", "pause", "resume" })
        {
            using var refused = await http.PostAsync($"/v1/fine_tuning/jobs/{id}/{action}", null);
            await ErrorAssert.IsErrorAsync(refused, HttpStatusCode.Conflict, null, "invalid_job_state");
        }
    }

    [Fact]
    public async Task PauseAndResume_StopsAfterACheckpointAndContinuesTheCurveToTheEnd()
    {
        var trainId = await JobTestData.UploadAsync(server, JobTestData.Train, "train.jsonl");
        using var http = server.Http();
        var id = await CreateAsync(http, trainId, epochs: 2);

        // Pause as soon as the live stream shows the first step; the stream then ends with [DONE] by itself.
        var streamed = await JobTestData.StreamEventsAsync(server, id, async e =>
        {
            if (e.GetProperty("type").GetString() == "metrics" && e.GetProperty("data").GetProperty("step").GetInt32() == 1)
            {
                using var pause = await http.PostAsync($"/v1/fine_tuning/jobs/{id}/pause", null);
                Assert.Equal("paused", (await pause.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
            }
        });

        // The stream sent every event as it was recorded, oldest first: the list endpoint's items, reversed.
        var atPause = await AllEventsAsync(http, id);
        Assert.Equal(atPause.Select(e => e.GetRawText()), streamed);
        Assert.StartsWith("Fine-tuning job paused", atPause[^1].GetProperty("message").GetString(), StringComparison.Ordinal);
        var pausedAt = MetricSteps(atPause)[^1];
        Assert.InRange(pausedAt, 1, 2 * JobTestData.TrainExamples - 1);
        var checkpoints = await http.GetFromJsonAsync<JsonElement>($"/v1/fine_tuning/jobs/{id}/checkpoints");
        Assert.Equal(pausedAt, checkpoints.GetProperty("data")[0].GetProperty("step_number").GetInt32());
        using (var again = await http.PostAsync($"/v1/fine_tuning/jobs/{id}/pause", null))
        {
            await ErrorAssert.IsErrorAsync(again, HttpStatusCode.Conflict, null, "invalid_job_state");
        }

        using (var resume = await http.PostAsync($"/v1/fine_tuning/jobs/{id}/resume", null))
        {
            Assert.Equal("queued", (await resume.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }

        var finished = await JobTestData.WaitFinishedAsync(server.OpenAI().GetFineTuningClient(), id);
        Assert.Equal(FineTuningStatus.Succeeded, finished.Status);
        var events = await AllEventsAsync(http, id);
        Assert.Equal(Enumerable.Range(1, 2 * JobTestData.TrainExamples), MetricSteps(events));
        Assert.Contains(events, e => e.GetProperty("message").GetString() == $"Resumed training from the checkpoint at step {pausedAt}");

        // A stream opened after the end replays everything oldest first, then [DONE].
        Assert.Equal(events.Select(e => e.GetRawText()), await JobTestData.StreamEventsAsync(server, id));
    }

    private static async Task<string> CreateAsync(HttpClient http, string trainId, int epochs)
    {
        var (status, body) = await JobTestData.CreateRawAsync(http,
            $$$$$"""{"model":"stories260K","training_file":"{{{{{trainId}}}}}","seed":3,"method":{"type":"supervised","supervised":{"hyperparameters":{"n_epochs":{{{{{epochs}}}}},"batch_size":1}}}}""");
        Assert.True(status == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private static async Task WaitForStepAsync(HttpClient http, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (MetricSteps(await AllEventsAsync(http, id)).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no training step after 90 s");
            await Task.Delay(50);
        }
    }

    private static Task<List<JsonElement>> AllEventsAsync(HttpClient http, string id) => JobTestData.AllEventsAsync(http, id);

    private static List<int> MetricSteps(List<JsonElement> events) => JobTestData.MetricSteps(events);

    private static async Task<int> CountJobsAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("/v1/fine_tuning/jobs?limit=100")).GetProperty("data").GetArrayLength();
}

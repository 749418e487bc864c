using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Sharpen.Hosting;
using Sharpen.Hosting.Jobs;
using Sharpen.TestKit;

namespace Sharpen.Server.Tests.FineTuning;

/// <summary>
/// A server stopped in the middle of a job leaves it <c>running</c> with a checkpoint; the next server on the same data
/// folder resumes it, and the finished loss curve is the one an uninterrupted job with the same seed produces.
/// (Runs in the server collection only so that it does not train at the same time as the other job tests.)
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class JobRestartTests
{
    [Fact]
    public async Task Restart_MidJob_NextServerResumesAndTheLossCurveMatchesAnUninterruptedJob()
    {
        using var temp = new TempDirectory();
        var options = new HostingOptions
        {
            DataDirectory = temp.File("data"),
            Models = new Dictionary<string, string> { [ServerFixture.Model] = ServerFixture.ModelDirectory },
            JobThreads = 1,
        };

        string key, jobId, trainId;
        long stoppedAt;
        using (var host = SharpenHost.Open(options))
        {
            key = host.ApiKeys.Create("restart").Secret;
            var app = await StartAsync(host);
            await using (app)
            {
                using var http = Client(app, key);
                trainId = await UploadAsync(http);
                jobId = await CreateAsync(http, trainId);
                var deadline = DateTime.UtcNow.AddSeconds(90);
                while (Steps(await EventsAsync(http, jobId)).Count < 3)
                {
                    Assert.True(DateTime.UtcNow < deadline, "no training steps after 90 s");
                    await Task.Delay(20);
                }

                await app.StopAsync();
            }

            var stopped = host.Jobs.Store.Get(Sharpen.Hosting.Security.ApiKeyStore.DefaultProject, jobId)!;
            Assert.Equal(JobStatus.Running, stopped.Status);
            stoppedAt = host.Jobs.Store.ListCheckpoints(stopped.Project, jobId, null, 1).Items.Single().Step;
        }

        Assert.InRange(stoppedAt, 3, 2 * JobTestData.TrainExamples - 1);
        using (var host = SharpenHost.Open(options))
        {
            var app = await StartAsync(host);
            await using (app)
            {
                using var http = Client(app, key);
                await WaitSucceededAsync(http, jobId);
                var resumed = await EventsAsync(http, jobId);
                Assert.Contains(resumed, e => e.GetProperty("message").GetString() == "The server restarted; resuming the job from its last checkpoint");
                Assert.Contains(resumed, e => e.GetProperty("message").GetString() == $"Resumed training from the checkpoint at step {stoppedAt}");

                // The same job without the interruption, for reference.
                var referenceId = await CreateAsync(http, trainId);
                await WaitSucceededAsync(http, referenceId);
                var reference = await EventsAsync(http, referenceId);

                Assert.Equal(Enumerable.Range(1, 2 * JobTestData.TrainExamples), Steps(resumed));
                Assert.Equal(Losses(reference), Losses(resumed));
            }
        }
    }

    private static async Task<WebApplication> StartAsync(SharpenHost host)
    {
        var app = SharpenServer.Build(new ServerOptions { Port = 0, Hosting = new HostingOptions { DataDirectory = host.DataDirectory }, ConsoleLogging = false }, host);
        await app.StartAsync();
        return app;
    }

    private static HttpClient Client(WebApplication app, string key)
    {
        var http = new HttpClient { BaseAddress = SharpenServer.BaseAddress(app), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    private static async Task<string> UploadAsync(HttpClient http)
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(JobTestData.Train), "file", "train.jsonl" },
            { new StringContent("fine-tune"), "purpose" },
        };
        using var response = await http.PostAsync("/v1/files", form);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<string> CreateAsync(HttpClient http, string trainId)
    {
        var (_, body) = await JobTestData.CreateRawAsync(http,
            $$$$$"""{"model":"stories260K","training_file":"{{{{{trainId}}}}}","seed":11,"hyperparameters":{"n_epochs":2,"batch_size":1}}""");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private static async Task WaitSucceededAsync(HttpClient http, string jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var status = (await http.GetFromJsonAsync<JsonElement>($"/v1/fine_tuning/jobs/{jobId}")).GetProperty("status").GetString();
            if (status == "succeeded")
            {
                return;
            }

            Assert.True(status is "validating_files" or "queued" or "running", $"job {jobId} ended {status}");
            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} still {status} after 90 s");
            await Task.Delay(100);
        }
    }

    private static Task<List<JsonElement>> EventsAsync(HttpClient http, string jobId) => JobTestData.AllEventsAsync(http, jobId);

    private static List<int> Steps(List<JsonElement> events) => JobTestData.MetricSteps(events);

    private static List<double> Losses(List<JsonElement> events) =>
        [.. events.Where(e => e.GetProperty("type").GetString() == "metrics").Select(e => e.GetProperty("data").GetProperty("train_loss").GetDouble())];
}

using System.ClientModel;
using System.Text;
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
            if (done(job))
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} is still {job.Status} after {seconds} s");
            await Task.Delay(100);
        }
    }

    public static Task<FineTuningJob> WaitFinishedAsync(FineTuningClient client, string jobId) =>
        WaitAsync(client, jobId, j => j.HasCompleted);

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

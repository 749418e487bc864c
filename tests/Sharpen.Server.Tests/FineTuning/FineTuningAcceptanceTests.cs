using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;
using OpenAI.FineTuning;
using Sharpen.Server.Tests.Chat;

namespace Sharpen.Server.Tests.FineTuning;

/// <summary>
/// Issue 6's acceptance test: the official OpenAI .NET SDK, pointed at the server's loopback URL, uploads a Banking77
/// training file, fine-tunes stories260K on it, waits for the job, lists its events and checkpoints, and chats with the
/// <c>ft:</c> model, streaming and not.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class FineTuningAcceptanceTests(ServerFixture server)
{
    private const string Question = "I am still waiting on my card?";

    [Fact]
    public async Task FineTune_Banking77WithOfficialSdk_SucceedsListsEventsAndCheckpointsAndItsModelChats()
    {
        var client = server.OpenAI();
        var trainId = await JobTestData.UploadAsync(server, JobTestData.Train, "banking77-train.jsonl");
        var validationId = await JobTestData.UploadAsync(server, JobTestData.Validation, "banking77-validation.jsonl");
        var fineTuning = client.GetFineTuningClient();
        var options = new FineTuningOptions
        {
            TrainingMethod = FineTuningTrainingMethod.CreateSupervised(
                HyperparameterBatchSize.CreateSize(8), HyperparameterEpochCount.CreateEpochCount(2), HyperparameterLearningRate.CreateMultiplier(10)),
            ValidationFile = validationId,
            Suffix = "banking",
            Seed = 7,
        };
        options.Metadata["suite"] = "acceptance";

        FineTuningJob created = await fineTuning.FineTuneAsync(ServerFixture.Model, trainId, waitUntilCompleted: false, options);
        var job = await JobTestData.WaitFinishedAsync(fineTuning, created.JobId);

        // The job: succeeded, named as OpenAI names fine-tuned models, with the hyperparameters it ran with.
        Assert.StartsWith("ftjob-", created.JobId, StringComparison.Ordinal);
        Assert.Equal(FineTuningStatus.Succeeded, job.Status);
        Assert.Matches("^ft:stories260K:default:banking:[0-9A-Za-z]{8}$", job.Value);
        Assert.Equal(ServerFixture.Model, job.BaseModel);
        Assert.Equal(7, job.Seed);
        Assert.Equal("acceptance", job.Metadata["suite"]);
        var hyperparameters = Assert.IsType<HyperparametersForSupervised>(job.MethodHyperparameters);
        Assert.Equal(2, hyperparameters.EpochCount);
        Assert.Equal(8, hyperparameters.BatchSize);
        Assert.Equal(10f, hyperparameters.LearningRateMultiplier);
        Assert.Null(job.EstimatedFinishAt);

        // Its results file: one CSV row per step, the same losses the run's own metrics.jsonl recorded.
        var examples = JobTestData.TrainExamples;
        var stepsPerEpoch = (examples + 7) / 8;
        // The CSV first, then the evaluation report the runner made from the validation file (sharpen eval).
        Assert.Equal(3, job.ResultFileIds.Count);
        var resultsId = job.ResultFileIds[0];
        var fileClient = client.GetOpenAIFileClient();
        Assert.Equal(["step_metrics.csv", "report.html", "summary.json"], await Task.WhenAll(job.ResultFileIds.Select(async id => (await fileClient.GetFileAsync(id)).Value.Filename)));
        using var summary = JsonDocument.Parse((await fileClient.DownloadFileAsync(job.ResultFileIds[2])).Value.ToString());
        var verdict = summary.RootElement.GetProperty("verdict");
        var csv = (await client.GetOpenAIFileClient().DownloadFileAsync(resultsId)).Value.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy", csv[0]);
        Assert.Equal(2 * stepsPerEpoch, csv.Length - 1);
        var runLosses = File.ReadLines(Path.Combine(server.Host.Jobs.Store.RunDirectory(job.JobId), "metrics.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "train")
            .Select(e => (Step: e.GetProperty("step").GetInt64(), Loss: e.GetProperty("loss").GetDouble()))
            .ToList();
        Assert.Equal(runLosses.Select(r => Invariant($"{r.Step},{r.Loss:R}")), csv.Skip(1).Select(row => string.Join(',', row.Split(',').Take(2))));
        // (The SDK 2.15 never copies trained_tokens into BillableTrainedTokenCount, so read the wire field.)
        using var http = server.Http();
        var trainedTokens = (await http.GetFromJsonAsync<JsonElement>($"/v1/fine_tuning/jobs/{job.JobId}")).GetProperty("trained_tokens").GetInt64();
        Assert.True(trainedTokens > 2 * examples * 5, $"trained tokens {trainedTokens}");

        // Events through the SDK's pager (7 a page): newest first, lifecycle messages and one metrics event per step.
        var events = new List<FineTuningEvent>();
        await foreach (var item in job.GetEventsAsync(new GetEventsOptions { PageSize = 7 }))
        {
            events.Add(item);
        }

        events.Reverse();
        var messages = events.Where(e => e.Kind == FineTuningJobEventKind.Message).Select(e => e.Message).ToList();
        Assert.Equal($"Created fine-tuning job: {job.JobId}", messages[0]);
        Assert.StartsWith($"Validating training file: {trainId}", messages[1], StringComparison.Ordinal);
        Assert.Equal("Files validated, moving job to queued state", messages[2]);
        Assert.Equal("Fine-tuning job started", messages[3]);
        Assert.Equal($"New fine-tuned model created: {job.Value}", messages[^2]);
        Assert.Equal($"Evaluation verdict: {verdict.GetProperty("explanation").GetString()}", messages[^3]);
        Assert.StartsWith(verdict.GetProperty("label").GetString()!, verdict.GetProperty("explanation").GetString()!, StringComparison.Ordinal);
        Assert.Equal("The job has successfully completed", messages[^1]);
        var metrics = events.Where(e => e.Kind == FineTuningJobEventKind.Metrics).Select(e => JsonDocument.Parse(e.Data.ToString()).RootElement).ToList();
        Assert.Equal(Enumerable.Range(1, 2 * stepsPerEpoch), metrics.Select(m => m.GetProperty("step").GetInt32()));
        Assert.All(metrics, m => Assert.Equal(2 * stepsPerEpoch, m.GetProperty("total_steps").GetInt32()));
        var epochEnd = metrics[stepsPerEpoch - 1];
        Assert.Equal(JsonValueKind.Number, epochEnd.GetProperty("full_valid_loss").ValueKind);
        Assert.Equal(JsonValueKind.Null, metrics[0].GetProperty("valid_loss").ValueKind);
        Assert.Equal(
            Invariant($"Step {stepsPerEpoch}/{2 * stepsPerEpoch}: training loss={epochEnd.GetProperty("train_loss").GetDouble():F2}, validation loss={epochEnd.GetProperty("valid_loss").GetDouble():F2}"),
            events.First(e => e.Kind == FineTuningJobEventKind.Metrics && JsonDocument.Parse(e.Data.ToString()).RootElement.GetProperty("step").GetInt32() == stepsPerEpoch).Message);

        // Checkpoints through the SDK's pager (1 a page): one per epoch end, newest first, each usable as a model.
        var checkpoints = new List<FineTuningCheckpoint>();
        await foreach (var checkpoint in job.GetCheckpointsAsync(new GetCheckpointsOptions { PageSize = 1 }))
        {
            checkpoints.Add(checkpoint);
        }

        Assert.Equal([2 * stepsPerEpoch, stepsPerEpoch], checkpoints.Select(c => c.StepNumber));
        Assert.All(checkpoints, c => Assert.Equal($"{job.Value}:ckpt-step-{c.StepNumber}", c.ModelId));
        Assert.Equal(epochEnd.GetProperty("train_loss").GetDouble(), checkpoints[1].Metrics.TrainLoss!.Value, 5);
        Assert.NotNull(checkpoints[1].Metrics.FullValidLoss);

        // The fine-tuned model is listed for its project only, and chats like the run folder loaded directly.
        var ids = (await http.GetFromJsonAsync<JsonElement>("/v1/models")).GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Contains(job.Value, ids);
        using var other = server.Http(server.OtherProjectKey);
        var otherIds = (await other.GetFromJsonAsync<JsonElement>("/v1/models")).GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.DoesNotContain(job.Value, otherIds);
        using (var stranger = await other.PostAsync("/v1/chat/completions", ServerFixture.Json($$"""{"model":"{{job.Value}}","messages":[{"role":"user","content":"hi"}]}""")))
        {
            await ErrorAssert.IsErrorAsync(stranger, System.Net.HttpStatusCode.NotFound, "model", "model_not_found");
        }

        var expected = ReferenceGeneration.Greedy(server.Host.Jobs.Store.RunDirectory(job.JobId), Question, 12);
        var chat = client.GetChatClient(job.Value);
        var chatOptions = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 12 };
        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage(Question)], chatOptions);
        Assert.Equal(expected.Text, completion.Content[0].Text);
        Assert.Equal(job.Value, completion.Model);
        var streamed = new StringBuilder();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage(Question)], chatOptions))
        {
            foreach (var part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
            }
        }

        Assert.Equal(expected.Text, streamed.ToString());

        // A checkpoint is a model too: the first epoch's weights, which differ from the final ones.
        var early = ReferenceGeneration.Greedy(server.Host.Jobs.Store.CheckpointDirectory(job.JobId, stepsPerEpoch), Question, 12);
        ChatCompletion fromCheckpoint = await client.GetChatClient(checkpoints[1].ModelId).CompleteChatAsync([new UserChatMessage(Question)], chatOptions);
        Assert.Equal(early.Text, fromCheckpoint.Content[0].Text);

        // The base model's answer differs: the fine-tuned weights are in use.
        Assert.NotEqual(ReferenceGeneration.Greedy(Question, 12).Text, completion.Content[0].Text);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

using System.Text;
using Sharpen.Hosting.Files;
using Sharpen.Hosting.Jobs;
using Sharpen.TestKit;

namespace Sharpen.Hosting.Tests.Jobs;

/// <summary>The job service and store without training: the runner is never started, so jobs stay where they are put.</summary>
public sealed class JobServiceTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SharpenHost _host;
    private readonly string _train;

    public JobServiceTests()
    {
        _host = SharpenHost.Open(new HostingOptions
        {
            DataDirectory = _dir.Path,
            Models = new Dictionary<string, string> { ["stories"] = SharedData.Path("models", "stories260K-hf") },
        });
        _train = _host.Files.AddGenerated("p", "train.jsonl", FilePurposes.FineTune, Encoding.UTF8.GetBytes("{}\n")).Id;
    }

    public void Dispose()
    {
        _host.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Create_ValidRequest_StartsValidatingWithAutoHyperparametersAndTheModelNameFixed()
    {
        var job = _host.Jobs.Create("p", new JobRequest("stories", _train) { Suffix = "s1", Seed = 5 });

        var stored = _host.Jobs.Get("p", job.Id)!;
        Assert.Equal(JobStatus.ValidatingFiles, stored.Status);
        Assert.Equal(new JobHyperparameters(), stored.Requested);
        Assert.Null(stored.Resolved);
        Assert.Equal(JobMethodOptions.Lora, stored.Method.Method);
        Assert.Matches("^ft:stories:p:s1:[0-9A-Za-z]{8}$", stored.ModelName);
        Assert.Null(stored.FineTunedModel);
        Assert.Equal(5, stored.Seed);
        Assert.Null(_host.Jobs.Get("q", job.Id));
        var events = _host.Jobs.Store.ListEvents("p", job.Id, null, 10).Items;
        Assert.Equal([$"Validating training file: {_train}", $"Created fine-tuning job: {job.Id}"], events.Select(e => e.Message));
        Assert.Empty(_host.Jobs.Store.ListEvents("q", job.Id, null, 10).Items);
    }

    [Theory]
    [InlineData("nope", null, null, "model")]
    [InlineData("stories", 0, null, "hyperparameters.n_epochs")]
    [InlineData("stories", 51, null, "hyperparameters.n_epochs")]
    [InlineData("stories", null, -1.0, "hyperparameters.learning_rate_multiplier")]
    public void Create_OutOfRange_NamesTheField(string model, int? epochs, double? multiplier, string param)
    {
        var error = Assert.Throws<InvalidJobRequestException>(() =>
            _host.Jobs.Create("p", new JobRequest(model, _train) { Hyperparameters = new JobHyperparameters(epochs, null, multiplier) }));

        Assert.Equal(param, error.Param);
        Assert.Empty(_host.Jobs.Store.List("p", null, 10).Items);
    }

    [Fact]
    public void Create_AnotherProjectsFile_IsRefusedAsUnknown()
    {
        var error = Assert.Throws<InvalidJobRequestException>(() => _host.Jobs.Create("q", new JobRequest("stories", _train)));
        Assert.Equal("training_file", error.Param);
    }

    [Fact]
    public async Task CancelAndResume_FollowTheStateMachine()
    {
        var job = _host.Jobs.Create("p", new JobRequest("stories", _train));

        Assert.Null(await _host.Jobs.CancelAsync("q", job.Id));
        var cancelled = await _host.Jobs.CancelAsync("p", job.Id);

        Assert.Equal(JobStatus.Cancelled, cancelled!.Status);
        Assert.NotNull(cancelled.FinishedAt);
        Assert.Throws<JobStateException>(() => _host.Jobs.Resume("p", job.Id));
        await Assert.ThrowsAsync<JobStateException>(() => _host.Jobs.CancelAsync("p", job.Id));
        await Assert.ThrowsAsync<JobStateException>(() => _host.Jobs.PauseAsync("p", job.Id));
        Assert.Equal("Fine-tuning job cancelled", _host.Jobs.Store.ListEvents("p", job.Id, null, 1).Items.Single().Message);
    }

    [Fact]
    public void List_FiltersOnEveryMetadataPairExactlyAndPagesNewestFirst()
    {
        var a = _host.Jobs.Create("p", new JobRequest("stories", _train) { Metadata = new Dictionary<string, string> { ["team.name"] = "a \"quoted\" value", ["env"] = "x" } });
        var b = _host.Jobs.Create("p", new JobRequest("stories", _train) { Metadata = new Dictionary<string, string> { ["team.name"] = "a \"quoted\" value" } });
        var c = _host.Jobs.Create("p", new JobRequest("stories", _train));

        Assert.Equal([b.Id, a.Id], _host.Jobs.Store.List("p", null, 10, new Dictionary<string, string> { ["team.name"] = "a \"quoted\" value" }).Items.Select(j => j.Id));
        Assert.Equal([a.Id], _host.Jobs.Store.List("p", null, 10, new Dictionary<string, string> { ["team.name"] = "a \"quoted\" value", ["env"] = "x" }).Items.Select(j => j.Id));
        Assert.Empty(_host.Jobs.Store.List("p", null, 10, new Dictionary<string, string> { ["team.name"] = "a" }).Items);
        var first = _host.Jobs.Store.List("p", null, 2);
        Assert.Equal([c.Id, b.Id], first.Items.Select(j => j.Id));
        Assert.True(first.HasMore);
        var rest = _host.Jobs.Store.List("p", b.Id, 2);
        Assert.Equal([a.Id], rest.Items.Select(j => j.Id));
        Assert.False(rest.HasMore);
        Assert.Empty(_host.Jobs.Store.List("q", null, 10).Items);
        Assert.Empty(_host.Jobs.Store.List("q", b.Id, 10).Items);
    }

    [Fact]
    public void FindModel_CheckpointName_ResolvesToItsFolderAndProjectOnlyOnceRecorded()
    {
        var job = _host.Jobs.Create("p", new JobRequest("stories", _train));
        var name = JobStore.CheckpointModelName(job.ModelName, 4);
        Assert.Null(_host.Models.Find(name));
        Assert.Null(_host.Models.Find(job.ModelName));

        _host.Jobs.Store.AddCheckpoint(job, new JobMetrics(4, 8, 1.5, null, null, 0.5, null, null));

        var model = _host.Models.Find(name)!;
        Assert.Equal(_host.Jobs.Store.CheckpointDirectory(job.Id, 4), model.Directory);
        Assert.Equal("p", model.Project);
        Assert.NotNull(_host.FindModelFor("p", name));
        Assert.Null(_host.FindModelFor("q", name));
        Assert.Equal(name, _host.Jobs.Store.ListCheckpoints("p", job.Id, null, 10).Items.Single().Model);
        Assert.Empty(_host.Jobs.Store.ListCheckpoints("q", job.Id, null, 10).Items);
    }
}

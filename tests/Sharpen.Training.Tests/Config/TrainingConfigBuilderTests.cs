using Sharpen.TestKit;
using Sharpen.Training.Config;

namespace Sharpen.Training.Tests.Config;

public sealed class TrainingConfigBuilderTests
{
    [Fact]
    public void Build_LayersFileEnvironmentAndOverrides_LaterWins()
    {
        using var temp = new TempDirectory();
        TinyTraining.WriteDatasets(temp.Path);
        var config = new TrainingConfigBuilder()
            .AddYaml(TinyTraining.Yaml(temp.Path), "config.yaml", temp.Path)
            .AddEnvironment(new Dictionary<string, string> { ["SHARPEN_TRAINING__LEARNING_RATE"] = "3e-5", ["SHARPEN_TRAINING__SEED"] = "9", ["SHARPEN_SHARED_DIR"] = "/elsewhere" })
            .ApplyOverrides(["training.seed=11", "budget.max_time=1h30m"])
            .Build();

        Assert.Equal(3e-5, config.Training.LearningRate);
        Assert.Equal(11, config.Training.Seed);
        Assert.Equal(TimeSpan.FromMinutes(90), config.Budget.MaxTime);
        Assert.Equal(Path.Combine(temp.Path, "train.jsonl"), config.Data.Train);
    }

    [Fact]
    public void Build_InvalidValues_NameTheKeyPath()
    {
        using var temp = new TempDirectory();
        var error = Assert.Throws<TrainingConfigException>(() => new TrainingConfigBuilder()
            .AddYaml(TinyTraining.Yaml(temp.Path), "config.yaml", temp.Path)
            .ApplyOverrides(["training.learning_rate=-1", "training.lr_scheduler=wavy", "training.learnin_rate=1", "budget.max_cost=5"])
            .Build());

        Assert.Contains(error.Errors, e => e.StartsWith("training.lr_scheduler: 'wavy'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("training.learnin_rate: unknown key", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_RangeErrors_NameTheKeyPath()
    {
        using var temp = new TempDirectory();
        TinyTraining.WriteDatasets(temp.Path);
        var error = Assert.Throws<TrainingConfigException>(() => new TrainingConfigBuilder()
            .AddYaml(TinyTraining.Yaml(temp.Path), "config.yaml", temp.Path)
            .ApplyOverrides(["training.learning_rate=0", "budget.max_cost=5"])
            .Build());

        Assert.Contains("training.learning_rate: must be > 0 or auto.", error.Errors);
        Assert.Contains(error.Errors, e => e.StartsWith("budget.max_cost: needs budget.price_per_hour", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("lora")]
    [InlineData("qlora")]
    public void Build_AdapterMethods_ReadTheLoraSection(string method)
    {
        using var temp = new TempDirectory();
        var config = TinyTraining.Config(temp.Path, $"model.method={method}", "lora.rank=4", "lora.alpha=8", "lora.target_modules=q_proj, k_proj ,v_proj");

        Assert.Equal(4, config.Lora.Rank);
        Assert.Equal(8, config.Lora.Alpha);
        Assert.Equal(["q_proj", "k_proj", "v_proj"], config.Lora.TargetList);
    }

    [Theory]
    [InlineData("lora.rank=0", "lora.rank: ")]
    [InlineData("lora.target_modules=", "lora.target_modules: ")]
    [InlineData("lora.dropout=1.5", "lora.dropout: ")]
    [InlineData("model.compute_dtype=bfloat16,lora.train_embeddings=true", "lora.train_embeddings: needs model.compute_dtype float32")]
    public void Build_BadLoraOption_NamesTheKey(string setting, string expectedPrefix)
    {
        using var temp = new TempDirectory();
        TinyTraining.WriteDatasets(temp.Path);
        var error = Assert.Throws<TrainingConfigException>(() => new TrainingConfigBuilder()
            .AddYaml(TinyTraining.Yaml(temp.Path), "config.yaml", temp.Path)
            .ApplyOverrides(["model.method=lora", .. setting.Split(',')])
            .Build());

        Assert.Contains(error.Errors, e => e.StartsWith(expectedPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public void ToYaml_ResolvedConfig_ReadsBackEqual()
    {
        using var temp = new TempDirectory();
        var config = TinyTraining.Config(temp.Path, "budget.max_time=2h", "budget.max_tokens=1000", "data.batching=packed", "model.compute_dtype=bfloat16");

        var text = TrainingConfigWriter.ToYaml(config);
        var back = new TrainingConfigBuilder().AddYaml(text, "resolved", temp.Path).Build();

        Assert.Equal(config with { }, back);
    }

    [Theory]
    [InlineData("full.yaml", FineTuningMethod.Full)]
    [InlineData("lora.yaml", FineTuningMethod.Lora)]
    [InlineData("qlora.yaml", FineTuningMethod.Qlora)]
    [InlineData("banking77-lora.yaml", FineTuningMethod.Lora)]
    public void Build_ShippedConfig_IsValidApartFromItsPaths(string file, FineTuningMethod method)
    {
        var path = Path.Combine(SharedData.RepositoryRoot, "configs", file);
        using var temp = new TempDirectory();
        TinyTraining.WriteDatasets(temp.Path);

        var config = new TrainingConfigBuilder().AddYamlFile(path)
            .ApplyOverrides([$"model.path={TinyTraining.ModelDirectory}", $"data.train={Path.Combine(temp.Path, "train.jsonl")}", $"data.validation={Path.Combine(temp.Path, "validation.jsonl")}"])
            .Build();

        Assert.Equal(method, config.Model.Method);
        Assert.Equal(file == "banking77-lora.yaml" ? 3 : null, config.Training.Epochs);
    }
}

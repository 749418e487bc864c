using System.Text.Json;
using Sharpen.Modeling.Adapters;
using Sharpen.Modeling.Checkpoints;
using Sharpen.TestKit;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Tests.Adapters;

[Collection(SerialTorchCollection.Name)]
public sealed class PeftAdapterTests
{
    private static readonly LoraOptions s_options = new() { Rank = 4, Alpha = 8, Dropout = 0.1, TargetModules = ["q_proj", "v_proj", "down_proj"] };

    [Fact]
    public void SaveThenLoadWithBase_FreshModel_LogitsIdenticalBitForBit()
    {
        using var dir = new TempDirectory();
        using var trained = Stories.WithLora(s_options, seed: 4);
        Stories.Perturb(trained);
        using var expected = Stories.Logits(trained);

        PeftAdapter.Save(trained, s_options, dir.File("adapter"), "stories260K-hf");
        using var loaded = PeftAdapter.LoadWithBase(Stories.Folder, dir.File("adapter"));
        using var actual = Stories.Logits(loaded);

        TensorAssert.BitEqual(expected, actual, "logits");
        using var plainModel = Stories.Base();
        using var plain = Stories.Logits(plainModel);
        Assert.True(Stories.MaxAbsDiff(expected, plain) > 1e-3); // the adapter really changes the output
    }

    [Fact]
    public void Save_WritesPeftKeyNamesAndDtypes()
    {
        using var dir = new TempDirectory();
        using var model = Stories.WithLora(s_options);

        PeftAdapter.Save(model, s_options, dir.File("adapter"), "stories260K-hf");
        using var checkpoint = SafetensorsCheckpoint.Load(dir.File("adapter/adapter_model.safetensors"));

        // Naming from peft docs/source/developer_guides/checkpoint.md: "base_model.model." + module path + ".lora_A.weight".
        Assert.Contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", checkpoint.Names);
        Assert.Contains("base_model.model.model.layers.4.mlp.down_proj.lora_B.weight", checkpoint.Names);
        Assert.Equal(3 * 2 * 5, checkpoint.Names.Count);
        Assert.Equal([4L, 172L], checkpoint.GetInfo("base_model.model.model.layers.4.mlp.down_proj.lora_A.weight").Shape);
        Assert.Equal([32L, 4L], checkpoint.GetInfo("base_model.model.model.layers.0.self_attn.v_proj.lora_B.weight").Shape);
        Assert.Equal("pt", checkpoint.Metadata["format"]);
        Assert.Equal(["adapter_config.json", "adapter_model.safetensors"], Directory.GetFiles(dir.File("adapter")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Save_WritesPeftLoraConfigFields()
    {
        using var dir = new TempDirectory();
        using var model = Stories.WithLora(s_options with { UseRsLora = true });

        PeftAdapter.Save(model, s_options with { UseRsLora = true }, dir.File("adapter"), "karpathy/stories260K");
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("adapter/adapter_config.json")));
        var root = json.RootElement;

        // Field names and values as in peft's LoraConfig (src/peft/tuners/lora/config.py) and its saved adapter_config.json.
        Assert.Equal("LORA", root.GetProperty("peft_type").GetString());
        Assert.Equal(4, root.GetProperty("r").GetInt32());
        Assert.Equal(8, root.GetProperty("lora_alpha").GetDouble());
        Assert.Equal(0.1, root.GetProperty("lora_dropout").GetDouble());
        Assert.Equal(["down_proj", "q_proj", "v_proj"], root.GetProperty("target_modules").EnumerateArray().Select(e => e.GetString()));
        Assert.True(root.GetProperty("use_rslora").GetBoolean());
        Assert.Equal("none", root.GetProperty("bias").GetString());
        Assert.Equal("CAUSAL_LM", root.GetProperty("task_type").GetString());
        Assert.Equal("karpathy/stories260K", root.GetProperty("base_model_name_or_path").GetString());
    }

    [Fact]
    public void ReadOptions_PeftWrittenConfig_ParsesAllLinearAndDefaults()
    {
        using var dir = new TempDirectory();
        // The shape of a config peft 0.19 saved (fields from a published adapter_config.json), trimmed to what matters.
        File.WriteAllText(dir.File("adapter_config.json"), """
            {
              "alpha_pattern": {}, "base_model_name_or_path": "TinyLlama/TinyLlama-1.1B-Chat-v1.0", "bias": "none",
              "fan_in_fan_out": false, "inference_mode": true, "layers_to_transform": null, "lora_alpha": 32,
              "lora_dropout": 0.05, "modules_to_save": null, "peft_type": "LORA", "r": 16, "rank_pattern": {},
              "target_modules": "all-linear", "task_type": "CAUSAL_LM", "use_dora": false, "use_rslora": false
            }
            """);

        var options = PeftAdapter.ReadOptions(dir.Path);

        Assert.Equal(16, options.Rank);
        Assert.Equal(32, options.Alpha);
        Assert.Equal(0.05, options.Dropout);
        Assert.Equal(7, options.ResolvedTargetModules.Count);
    }

    [Theory]
    [InlineData("""{"peft_type": "IA3", "r": 8, "lora_alpha": 16, "target_modules": ["q_proj"]}""", "peft_type is 'IA3'")]
    [InlineData("""{"peft_type": "LORA", "r": 8, "lora_alpha": 16, "target_modules": ["q_proj"], "use_dora": true}""", "use_dora is true")]
    [InlineData("""{"peft_type": "LORA", "r": 8, "lora_alpha": 16, "target_modules": ["q_proj"], "bias": "all"}""", "bias is \"all\"")]
    [InlineData("""{"peft_type": "LORA", "r": 0, "lora_alpha": 16, "target_modules": ["q_proj"]}""", "LoraOptions.Rank")]
    [InlineData("""{"peft_type": "LORA", "r": 8, "lora_alpha": 16}""", "target_modules is missing")]
    [InlineData("""{"peft_type": "LORA", "r": 8, "lora_alpha": 16, "target_modules": ".*proj"}""", "target_modules is the pattern")]
    [InlineData("""{"peft_type": "LORA", "r": 8, """, "is not valid JSON (line 1")]
    public void ReadOptions_UnsupportedOrBadConfig_NamesFileAndProblem(string json, string problem)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("adapter_config.json"), json);

        var error = Assert.Throws<CheckpointFormatException>(() => PeftAdapter.ReadOptions(dir.Path));

        Assert.Equal(dir.File("adapter_config.json"), error.FilePath);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_AdapterForOtherTargets_ListsMissingAndUnexpectedKeys()
    {
        using var dir = new TempDirectory();
        using var source = Stories.WithLora(s_options);
        PeftAdapter.Save(source, s_options, dir.File("adapter"), "base");
        using var target = Stories.WithLora(s_options with { TargetModules = ["q_proj", "v_proj", "o_proj"] });

        var error = Assert.Throws<CheckpointFormatException>(() => PeftAdapter.Apply(target, dir.File("adapter")));

        Assert.Contains("missing keys: base_model.model.model.layers.0.self_attn.o_proj.lora_A.weight", error.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected keys: base_model.model.model.layers.0.mlp.down_proj.lora_A.weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_RankDisagrees_Throws()
    {
        using var dir = new TempDirectory();
        using var source = Stories.WithLora(s_options);
        PeftAdapter.Save(source, s_options, dir.File("adapter"), "base");
        using var target = Stories.WithLora(s_options with { Rank = 8 });

        var error = Assert.Throws<InvalidOperationException>(() => PeftAdapter.Apply(target, dir.File("adapter")));

        Assert.Contains("rank 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_NonEmptyTarget_RefusedUnlessOverwrite()
    {
        using var dir = new TempDirectory();
        using var model = Stories.WithLora(s_options);
        Directory.CreateDirectory(dir.File("adapter"));
        File.WriteAllText(dir.File("adapter/keep.txt"), "x");

        Assert.Throws<IOException>(() => PeftAdapter.Save(model, s_options, dir.File("adapter"), "base"));
        PeftAdapter.Save(model, s_options, dir.File("adapter"), "base", overwrite: true);

        Assert.False(File.Exists(dir.File("adapter/keep.txt")));
        Assert.Single(Directory.GetDirectories(dir.Path)); // no staging or old folder left beside it
    }
}

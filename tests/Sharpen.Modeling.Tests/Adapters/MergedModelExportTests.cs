using Sharpen.Modeling.Adapters;
using Sharpen.Modeling.Checkpoints;
using Sharpen.Modeling.Llama;
using Sharpen.TestKit;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Tests.Adapters;

[Collection(SerialTorchCollection.Name)]
public sealed class MergedModelExportTests
{
    [Fact]
    public void Save_ThenFromPretrained_LogitsMatchTheLoraModel()
    {
        using var dir = new TempDirectory();
        using var lora = Stories.WithLora(new LoraOptions { Rank = 4, Alpha = 8, TargetModules = ["all-linear"] });
        Stories.Perturb(lora);
        using var expected = Stories.Logits(lora);

        MergedModelExport.Save(lora, Stories.Folder, dir.File("merged"));
        using var merged = LlamaForCausalLM.FromPretrained(dir.File("merged"));
        using var actual = Stories.Logits(merged);

        Assert.True(Stories.MaxAbsDiff(expected, actual) < 1e-4, $"max diff {Stories.MaxAbsDiff(expected, actual)}");
        using var plainModel = Stories.Base();
        using var plain = Stories.Logits(plainModel);
        Assert.True(Stories.MaxAbsDiff(plain, actual) > 1e-2); // the merge carried the update
    }

    [Fact]
    public void Save_WritesBaseKeysOnlyAndCopiesConfigAndTokenizer()
    {
        using var dir = new TempDirectory();
        using var lora = Stories.WithLora(new LoraOptions());

        MergedModelExport.Save(lora, Stories.Folder, dir.File("merged"));
        using var exported = SafetensorsCheckpoint.Load(dir.File("merged"));
        using var original = SafetensorsCheckpoint.Load(Stories.Folder);

        Assert.Equal(original.Names, exported.Names);
        foreach (var file in new[] { "config.json", "tokenizer.json", "tokenizer.model", "tokenizer_config.json", "generation_config.json" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(Stories.Folder, file)), File.ReadAllBytes(dir.File($"merged/{file}")));
        }
    }

    [Fact]
    public void Save_FreshAdapters_ReproducesTheBaseWeightsExactly()
    {
        using var dir = new TempDirectory();
        using var lora = Stories.WithLora(new LoraOptions { TargetModules = ["all-linear"] });

        MergedModelExport.Save(lora, Stories.Folder, dir.File("merged"));
        using var exported = SafetensorsCheckpoint.Load(dir.File("merged"));
        using var original = SafetensorsCheckpoint.Load(Stories.Folder);

        foreach (var name in original.Names)
        {
            using var a = original.ReadTensor(name);
            using var b = exported.ReadTensor(name);
            TensorAssert.BitEqual(a, b, name);
        }
    }

    [Fact]
    public void Save_QuantizedBase_ExportsDequantizedPlusUpdate()
    {
        using var dir = new TempDirectory();
        using var qlora = Stories.WithLora(new LoraOptions { TargetModules = ["q_proj", "v_proj"] });
        LoraLayers.QuantizeBases(qlora);
        Stories.Perturb(qlora);
        using var expected = Stories.Logits(qlora);

        MergedModelExport.Save(qlora, Stories.Folder, dir.File("merged"));
        using var merged = LlamaForCausalLM.FromPretrained(dir.File("merged"));
        using var actual = Stories.Logits(merged);

        Assert.True(Stories.MaxAbsDiff(expected, actual) < 1e-4, $"max diff {Stories.MaxAbsDiff(expected, actual)}");
    }

    [Fact]
    public void Save_BaseFolderWithoutConfig_Throws()
    {
        using var dir = new TempDirectory();
        using var lora = Stories.WithLora(new LoraOptions());

        Assert.Throws<FileNotFoundException>(() => MergedModelExport.Save(lora, dir.Path, dir.File("merged")));
        Assert.False(Directory.Exists(dir.File("merged")));
    }
}

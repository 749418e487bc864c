using System.Globalization;
using Sharpen.Modeling.Adapters;
using Sharpen.Modeling.Llama;
using Sharpen.TestKit;
using Sharpen.Training.Export;
using Sharpen.Training.Runs;
using static TorchSharp.torch;

namespace Sharpen.Training.Tests.Methods;

/// <summary>
/// LoRA and QLoRA runs end to end on stories260K with chat data taken from Banking77 (rendered by the plain prompt
/// format, since stories260K has no chat template): the tuned model beats the untouched one on held-out examples,
/// checkpoints hold only adapters, and both exports reproduce the tuned model.
/// </summary>
public sealed class AdapterTrainingTests
{
    [Theory]
    [InlineData("lora", "float32")]
    [InlineData("qlora", "bfloat16")]
    public void Start_AdapterOnChatData_BeatsTheBaseModelOnValidation(string method, string dtype)
    {
        using var temp = new TempDirectory();
        var config = TinyTraining.Config(temp.Path,
            $"model.method={method}", $"model.compute_dtype={dtype}", "lora.rank=8", "lora.alpha=16", "lora.target_modules=all-linear",
            "training.epochs=2", "training.batch_size=8", "training.learning_rate=3e-3", "evaluation.every_steps=0");
        TinyTraining.WriteBanking77Chat(temp.Path, train: 240, validation: 40); // replaces the tiny story files the config was built over

        var result = TrainingRun.Start(config);

        Assert.NotNull(result.BaselineValidationLoss);
        Assert.NotNull(result.BestValidationLoss);
        // Learning to answer with an intent label is a big, easy win over a story model: at least a 30% lower loss.
        Assert.True(result.BestValidationLoss < 0.7 * result.BaselineValidationLoss,
            string.Create(CultureInfo.InvariantCulture, $"best {result.BestValidationLoss:F4} vs base {result.BaselineValidationLoss:F4}"));
        using var checkpoint = Sharpen.Modeling.Checkpoints.SafetensorsCheckpoint.Load(result.ModelDirectory);
        Assert.All(checkpoint.Names, n => Assert.True(LoraLayers.IsAdapterParameter(n), n));
    }

    [Fact]
    public void Export_MergedAndAdapter_ReproduceTheTunedModel()
    {
        using var temp = new TempDirectory();
        var config = TinyTraining.Config(temp.Path,
            "model.method=lora", "lora.target_modules=q_proj,v_proj,down_proj", "training.epochs=1", "training.batch_size=8", "training.learning_rate=3e-3");
        TinyTraining.WriteBanking77Chat(temp.Path, train: 48, validation: 8);
        var result = TrainingRun.Start(config);

        var merged = RunExporter.Export(result.RunDirectory, ExportFormat.Merged);
        var adapter = RunExporter.Export(result.RunDirectory, ExportFormat.Adapter);

        using var ids = tensor(new long[] { 1, 403, 407, 261, 378 }).unsqueeze(0);
        var (tuned, _, _) = TrainedModel.Load(result.RunDirectory);
        using (tuned)
        using (var fromMerged = LlamaForCausalLM.FromPretrained(merged))
        using (var fromAdapter = PeftAdapter.LoadWithBase(TinyTraining.ModelDirectory, adapter))
        using (var baseModel = LlamaForCausalLM.FromPretrained(TinyTraining.ModelDirectory))
        {
            fromAdapter.eval();
            using var expected = tuned.forward(ids);
            Assert.True(fromMerged.forward(ids).allclose(expected, rtol: 1e-4, atol: 1e-4));
            Assert.True(fromAdapter.forward(ids).allclose(expected, rtol: 1e-5, atol: 1e-5));
            Assert.False(baseModel.forward(ids).allclose(expected, rtol: 1e-3, atol: 1e-3)); // training changed something
        }
    }
}

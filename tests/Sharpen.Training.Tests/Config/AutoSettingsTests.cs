using Sharpen.Training.Config;

namespace Sharpen.Training.Tests.Config;

/// <summary>
/// Expected values follow openai-cookbook's Chat_finetuning_data_prep.ipynb (3 epochs, 100/25,000 examples, 1..25, with
/// Python's floor division: <c>min(MAX_DEFAULT_EPOCHS, MIN_TARGET_EXAMPLES // n_train_examples)</c>, so 12 examples → 8).
/// </summary>
public sealed class AutoSettingsTests
{
    [Theory]
    [InlineData(10, 10)]
    [InlineData(3, 25)]
    [InlineData(12, 8)]
    [InlineData(34, 3)]
    [InlineData(1000, 3)]
    [InlineData(10_000, 2)]
    [InlineData(100_000, 1)]
    public void Epochs_ScalesForTinyAndHugeSets(int examples, int expected) => Assert.Equal(expected, AutoSettings.Epochs(examples));

    [Fact]
    public void LearningRate_ByMethod()
    {
        Assert.Equal(2e-5, AutoSettings.LearningRate(FineTuningMethod.Full, 260_000));
        Assert.Equal(1e-5, AutoSettings.LearningRate(FineTuningMethod.Full, 7_000_000_000));
        Assert.Equal(2e-4, AutoSettings.LearningRate(FineTuningMethod.Lora, 1_000_000));
        Assert.Equal(2e-4, AutoSettings.LearningRate(FineTuningMethod.Qlora, 1_000_000));
    }

    [Theory]
    [InlineData(8, 1)]
    [InlineData(1000, 2)]
    [InlineData(100_000, 8)]
    public void BatchSize_IsClampedShareOfExamples(int examples, int expected) => Assert.Equal(expected, AutoSettings.BatchSize(examples));
}

namespace Sharpen.Training.Config;

/// <summary>
/// Resolves <c>auto</c> for epochs, learning rate and batch size. The rules follow what hosted fine-tuning APIs do, so a
/// user coming from them gets familiar behaviour:
/// <list type="bullet">
/// <item><b>epochs</b>: 3, unless 3 passes would show the model fewer than 100 examples (then floor(100 / n), at most 25)
/// or more than 25,000 (then floor(25,000 / n), at least 1). These are the constants of OpenAI's published default
/// (openai-cookbook <c>Chat_finetuning_data_prep.ipynb</c>: TARGET_EPOCHS = 3, MIN/MAX_TARGET_EXAMPLES = 100/25000,
/// MIN/MAX_DEFAULT_EPOCHS = 1/25).</item>
/// <item><b>learning rate</b>: full fine-tuning 2e-5 below one billion trainable parameters and 1e-5 above (full updates of
/// big models diverge easily); LoRA and QLoRA 2e-4 (the QLoRA paper's and most adapter recipes' default).</item>
/// <item><b>batch size</b>: about 0.2% of the examples (OpenAI's default) clamped to [1, 8]: on a CPU a larger micro-batch
/// only adds latency; use <c>training.gradient_accumulation_steps</c> for a larger effective batch.</item>
/// </list>
/// </summary>
public static class AutoSettings
{
    public static int Epochs(int exampleCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exampleCount);
        const int target = 3, minExamples = 100, maxExamples = 25_000, minEpochs = 1, maxEpochs = 25;
        if ((long)exampleCount * target < minExamples)
        {
            // The cookbook divides with Python's //, so 12 examples get 8 epochs (96 example passes), not 9.
            return Math.Min(maxEpochs, minExamples / exampleCount);
        }

        if ((long)exampleCount * target > maxExamples)
        {
            return Math.Max(minEpochs, maxExamples / exampleCount);
        }

        return target;
    }

    public static double LearningRate(FineTuningMethod method, long trainableParameters) => method switch
    {
        FineTuningMethod.Full => trainableParameters < 1_000_000_000 ? 2e-5 : 1e-5,
        _ => 2e-4,
    };

    public static int BatchSize(int exampleCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exampleCount);
        return (int)Math.Clamp(Math.Ceiling(exampleCount * 0.002), 1, 8);
    }

    /// <summary>The config with every <c>auto</c> replaced by its value.</summary>
    public static TrainingConfig Resolve(TrainingConfig config, int exampleCount, long trainableParameters)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config with
        {
            Training = config.Training with
            {
                Epochs = config.Training.Epochs ?? Epochs(exampleCount),
                LearningRate = config.Training.LearningRate ?? LearningRate(config.Model.Method, trainableParameters),
                BatchSize = config.Training.BatchSize ?? BatchSize(exampleCount),
            },
        };
    }
}

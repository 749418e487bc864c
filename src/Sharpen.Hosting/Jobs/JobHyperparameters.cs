namespace Sharpen.Hosting.Jobs;

/// <summary>
/// OpenAI's three fine-tuning hyperparameters; null means <c>"auto"</c>. <see cref="LearningRateMultiplier"/> scales
/// Sharpen's automatic learning rate for the method (LoRA/QLoRA 2e-4; full 2e-5 below one billion parameters, else 1e-5).
/// </summary>
/// <param name="Epochs">n_epochs, 1–50; auto follows the cookbook rule (3, scaled for tiny and huge files)</param>
/// <param name="BatchSize">batch_size, 1–256; auto is about 0.2% of the examples, clamped to 1–8</param>
/// <param name="LearningRateMultiplier">learning_rate_multiplier, above 0 and at most 100; auto is 1</param>
public sealed record JobHyperparameters(int? Epochs = null, int? BatchSize = null, double? LearningRateMultiplier = null)
{
    public const int MaxEpochs = 50;
    public const int MaxBatchSize = 256;
    public const double MaxLearningRateMultiplier = 100;
}

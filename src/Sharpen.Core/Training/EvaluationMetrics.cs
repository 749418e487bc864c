namespace Sharpen.Core.Training;

/// <summary>What a validation pass measured.</summary>
/// <param name="Step">the optimizer step after which it ran</param>
/// <param name="Epoch">0-based epoch</param>
/// <param name="Loss">mean cross-entropy over all validation target tokens</param>
/// <param name="TokenAccuracy">arg-max accuracy over the same tokens</param>
/// <param name="Trigger">"interval" (every N steps) or "epoch_end"</param>
public sealed record EvaluationMetrics(long Step, int Epoch, double Loss, double TokenAccuracy, string Trigger);

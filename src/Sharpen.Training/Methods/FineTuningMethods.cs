using Sharpen.Training.Config;

namespace Sharpen.Training.Methods;

/// <summary>
/// The one switch from <see cref="FineTuningMethod"/> to its implementation. LoRA and QLoRA layers are built on
/// another branch (Sharpen.Modeling/Adapters, /Quantization); once merged, add their <see cref="IFineTuningMethod"/>
/// here and to <see cref="IsAvailable"/>, and config validation lets them through.
/// </summary>
internal static class FineTuningMethods
{
    /// <summary>Whether this build can train with <paramref name="method"/> (config validation rejects the others).</summary>
    public static bool IsAvailable(FineTuningMethod method) => method == FineTuningMethod.Full;

    public static IFineTuningMethod Create(FineTuningMethod method) => method switch
    {
        FineTuningMethod.Full => new FullFineTuning(),
        _ => throw new TrainingConfigException([$"model.method: '{TrainingConfigBinding.Name(method)}' is not available in this build; use full."]),
    };
}

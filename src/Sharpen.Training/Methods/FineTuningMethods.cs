using Sharpen.Modeling.Adapters;
using Sharpen.Training.Config;

namespace Sharpen.Training.Methods;

/// <summary>The one switch from <see cref="FineTuningMethod"/> to its implementation.</summary>
internal static class FineTuningMethods
{
    public static IFineTuningMethod Create(TrainingConfig config) => config.Model.Method switch
    {
        FineTuningMethod.Full => new FullFineTuning(),
        FineTuningMethod.Lora => new LoraFineTuning(LoraOptionsOf(config), config.Training.Seed, quantizeBase: false, config.Lora.TrainEmbeddings),
        FineTuningMethod.Qlora => new LoraFineTuning(LoraOptionsOf(config), config.Training.Seed, quantizeBase: true),
        _ => throw new TrainingConfigException([$"model.method: unknown method '{config.Model.Method}'."]),
    };

    /// <summary>The adapter options the <c>lora:</c> section describes.</summary>
    public static LoraOptions LoraOptionsOf(TrainingConfig config) => new()
    {
        Rank = config.Lora.Rank,
        Alpha = config.Lora.Alpha,
        Dropout = config.Lora.Dropout,
        TargetModules = config.Lora.TargetList,
        UseRsLora = config.Lora.UseRsLora,
    };
}

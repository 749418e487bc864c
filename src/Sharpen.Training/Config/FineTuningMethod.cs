namespace Sharpen.Training.Config;

/// <summary>How the model is adapted; the method only decides the projections' factory and which weights train.</summary>
public enum FineTuningMethod
{
    /// <summary>Every weight trains (config value <c>full</c>).</summary>
    Full,

    /// <summary>Low-rank adapters on a frozen base (config value <c>lora</c>).</summary>
    Lora,

    /// <summary>Low-rank adapters on a quantised frozen base (config value <c>qlora</c>).</summary>
    Qlora,
}

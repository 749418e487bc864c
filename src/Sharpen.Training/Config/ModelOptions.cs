namespace Sharpen.Training.Config;

/// <summary>The <c>model:</c> section: what is fine-tuned and how.</summary>
public sealed record ModelOptions
{
    /// <summary><c>model.path</c>: a Hugging Face model folder (config.json + safetensors). Required.</summary>
    public string Path { get; init; } = "";

    /// <summary><c>model.method</c>: full | lora | qlora (default full). Only full is wired in this build.</summary>
    public FineTuningMethod Method { get; init; } = FineTuningMethod.Full;

    /// <summary><c>model.compute_dtype</c>: float32 | bfloat16 (default float32, the reference path).</summary>
    public ComputeDType ComputeDType { get; init; } = ComputeDType.Float32;
}

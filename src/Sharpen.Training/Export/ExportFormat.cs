namespace Sharpen.Training.Export;

/// <summary>What <c>sharpen export</c> writes.</summary>
public enum ExportFormat
{
    /// <summary>A Hugging Face model folder with adapters merged into the weights: loadable by Sharpen and HF-format tools.</summary>
    Merged,

    /// <summary>A PEFT-compatible LoRA adapter (<c>adapter_config.json</c> + <c>adapter_model.safetensors</c>).</summary>
    Adapter,
}

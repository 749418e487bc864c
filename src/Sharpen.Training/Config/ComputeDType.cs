namespace Sharpen.Training.Config;

/// <summary>
/// The dtype forward and backward run in. Trainable weights and optimizer state stay float32 either way; with
/// <see cref="BFloat16"/> a bf16 copy of the model computes and its gradients are accumulated into the fp32 masters.
/// </summary>
public enum ComputeDType
{
    /// <summary>config value <c>float32</c>: the reference path.</summary>
    Float32,

    /// <summary>config value <c>bfloat16</c>: faster on CPUs with AVX512-BF16/AMX, slightly noisier losses.</summary>
    BFloat16,
}

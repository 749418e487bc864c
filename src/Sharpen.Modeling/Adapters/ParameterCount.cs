namespace Sharpen.Modeling.Adapters;

/// <summary>How many weights a model trains versus holds (NF4 base weights count as frozen elements).</summary>
public readonly record struct ParameterCount(long Trainable, long Total)
{
    /// <summary>Trainable share in percent (0 for an empty model).</summary>
    public double TrainablePercent => Total == 0 ? 0 : 100.0 * Trainable / Total;

    public override string ToString() => $"trainable {Trainable:N0} of {Total:N0} ({TrainablePercent:F2}%)";
}

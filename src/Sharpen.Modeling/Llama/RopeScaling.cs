namespace Sharpen.Modeling.Llama;

/// <summary>
/// How rotary frequencies are rescaled for long contexts. <c>llama3</c> is Llama 3.1's piecewise scaling
/// (transformers <c>_compute_llama3_parameters</c>): wavelengths shorter than <c>original / high_freq_factor</c> keep their
/// frequency, longer than <c>original / low_freq_factor</c> are divided by <c>factor</c>, and the band between is blended.
/// <c>linear</c> divides every frequency by <c>factor</c> (position interpolation).
/// </summary>
public sealed record RopeScaling(
    string Type,
    double Factor,
    double LowFreqFactor = 1.0,
    double HighFreqFactor = 4.0,
    int OriginalMaxPositionEmbeddings = 8192)
{
    /// <summary>Applies the scaling to the base inverse frequencies (one per pair of head dimensions).</summary>
    public double[] Apply(double[] inverseFrequencies)
    {
        ArgumentNullException.ThrowIfNull(inverseFrequencies);
        switch (Type)
        {
            case "linear":
                return [.. inverseFrequencies.Select(f => f / Factor)];
            case "llama3":
                var lowFreqWavelen = OriginalMaxPositionEmbeddings / LowFreqFactor;
                var highFreqWavelen = OriginalMaxPositionEmbeddings / HighFreqFactor;
                var result = new double[inverseFrequencies.Length];
                for (var i = 0; i < result.Length; i++)
                {
                    var freq = inverseFrequencies[i];
                    var wavelen = 2 * Math.PI / freq;
                    if (wavelen < highFreqWavelen)
                    {
                        result[i] = freq;
                    }
                    else if (wavelen > lowFreqWavelen)
                    {
                        result[i] = freq / Factor;
                    }
                    else
                    {
                        var smooth = ((OriginalMaxPositionEmbeddings / wavelen) - LowFreqFactor) / (HighFreqFactor - LowFreqFactor);
                        result[i] = ((1 - smooth) * freq / Factor) + (smooth * freq);
                    }
                }

                return result;
            default:
                throw new NotSupportedException($"rope_scaling type '{Type}' is not supported (supported: llama3, linear).");
        }
    }
}

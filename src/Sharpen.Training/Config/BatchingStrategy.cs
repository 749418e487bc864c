namespace Sharpen.Training.Config;

/// <summary>How examples become batches.</summary>
public enum BatchingStrategy
{
    /// <summary>Examples of similar length share a batch and are right-padded (config value <c>length_grouped</c>).</summary>
    LengthGrouped,

    /// <summary>
    /// Whole examples are concatenated into rows of <c>data.max_seq_length</c> tokens with a block-diagonal causal mask,
    /// so no token attends across an example boundary (config value <c>packed</c>).
    /// </summary>
    Packed,
}

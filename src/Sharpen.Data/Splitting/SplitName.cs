namespace Sharpen.Data.Splitting;

/// <summary>The three splits, in file order.</summary>
public enum SplitName : byte
{
    /// <summary>Examples the model is trained on.</summary>
    Train,

    /// <summary>Examples evaluated during training (loss curves, early stopping).</summary>
    Validation,

    /// <summary>Examples held out until the final evaluation.</summary>
    Test,
}

namespace Sharpen.Evaluation.Verdicts;

/// <summary>
/// When a fine-tune may be deployed. Defaults follow the seed document: "only deploy if the improvement is statistically
/// significant" (p &lt; 0.05) and "if expected improvement &gt; 20%, cost is justified".
/// </summary>
public sealed record VerdictPolicy
{
    /// <summary>The p-value the improvement over the best baseline must stay below. Default 0.05.</summary>
    public double Significance { get; init; } = 0.05;

    /// <summary>Least relative gain over the best baseline on the primary metric (0.2 = 20%). Default 0.2.</summary>
    public double MinRelativeGain { get; init; } = 0.2;

    /// <summary>Relative rise of the general-set loss (tuned vs base) flagged as forgetting (0.1 = 10%). Default 0.1.</summary>
    public double ForgettingThreshold { get; init; } = 0.1;

    public void Validate()
    {
        if (Significance is <= 0 or >= 1 || double.IsNaN(Significance))
        {
            throw new ArgumentOutOfRangeException(nameof(Significance), Significance, "--significance must lie in (0, 1), e.g. 0.05.");
        }

        if (MinRelativeGain < 0 || double.IsNaN(MinRelativeGain))
        {
            throw new ArgumentOutOfRangeException(nameof(MinRelativeGain), MinRelativeGain, "--min-gain must be ≥ 0 (a fraction: 0.2 = 20%).");
        }

        if (ForgettingThreshold < 0 || double.IsNaN(ForgettingThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(ForgettingThreshold), ForgettingThreshold, "--forgetting-threshold must be ≥ 0 (a fraction: 0.1 = 10%).");
        }
    }
}

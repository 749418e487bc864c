namespace Sharpen.Evaluation.Verdicts;

/// <summary>Why a verdict came out as it did.</summary>
public enum VerdictReason
{
    /// <summary>Significantly better than the best baseline by at least the required gain.</summary>
    Deploy,

    /// <summary>Not better than the best baseline on the primary metric (equal or worse).</summary>
    NotBetter,

    /// <summary>Better, but the difference could be chance (p at or above the significance level).</summary>
    NotSignificant,

    /// <summary>Significantly better, but by less than the required relative gain.</summary>
    GainBelowThreshold,
}

/// <summary>The deployment decision on the primary metric against the best baseline.</summary>
/// <param name="RelativeGain">(tuned − baseline) / baseline; null when the baseline scored 0</param>
public sealed record Verdict(
    bool Deploy,
    VerdictReason Reason,
    string PrimaryMetric,
    string BestBaseline,
    double Tuned,
    double Baseline,
    double? RelativeGain,
    double PValue,
    string Explanation)
{
    /// <summary>"deploy" or "don't deploy".</summary>
    public string Label => Deploy ? "deploy" : "don't deploy";
}

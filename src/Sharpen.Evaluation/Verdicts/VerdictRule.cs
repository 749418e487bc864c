using System.Globalization;

namespace Sharpen.Evaluation.Verdicts;

/// <summary>
/// The deployment rule: deploy only when the tuned model beats the best baseline on the primary metric, the
/// improvement is significant (p &lt; <see cref="VerdictPolicy.Significance"/>) and its relative size is at least
/// <see cref="VerdictPolicy.MinRelativeGain"/>. The checks run in that order, so the reason given is the first that fails.
/// </summary>
public static class VerdictRule
{
    /// <summary>Rounding slack: (0.6 − 0.5) / 0.5 is 0.19999999999999996 in doubles, and that is a 20% gain.</summary>
    private const double GainTolerance = 1e-9;

    public static Verdict Decide(VerdictPolicy policy, string metric, double tuned, string bestBaseline, double baseline, double pValue)
    {
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate();
        double? gain = baseline == 0 ? null : (tuned - baseline) / Math.Abs(baseline);
        var gainText = gain is { } g ? Percent(g) : "from 0";
        var compared = Format($"{metric} {tuned:0.####} vs {baseline:0.####} for {bestBaseline}");
        if (tuned <= baseline)
        {
            return new Verdict(false, VerdictReason.NotBetter, metric, bestBaseline, tuned, baseline, gain, pValue,
                Format($"don't deploy: the tuned model is not better than the best baseline ({compared})."));
        }

        if (!(pValue < policy.Significance))
        {
            return new Verdict(false, VerdictReason.NotSignificant, metric, bestBaseline, tuned, baseline, gain, pValue,
                Format($"don't deploy: the gain over {bestBaseline} ({compared}, {gainText}) is not significant (p = {pValue:0.####} ≥ {policy.Significance})."));
        }

        if (gain is { } relative && relative < policy.MinRelativeGain - GainTolerance)
        {
            return new Verdict(false, VerdictReason.GainBelowThreshold, metric, bestBaseline, tuned, baseline, gain, pValue,
                Format($"don't deploy: the gain over {bestBaseline} is significant (p = {pValue:0.####}) but {gainText} is below the required {Percent(policy.MinRelativeGain)} ({compared})."));
        }

        return new Verdict(true, VerdictReason.Deploy, metric, bestBaseline, tuned, baseline, gain, pValue,
            Format($"deploy: the tuned model beats the best baseline {bestBaseline} by {gainText} ({compared}), p = {pValue:0.####} < {policy.Significance}."));
    }

    private static string Percent(double fraction) => fraction.ToString("+0.#%;-0.#%;0%", CultureInfo.InvariantCulture);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

namespace Sharpen.Evaluation.Statistics;

/// <summary>Outcome of McNemar's exact test on paired correct/incorrect results.</summary>
/// <param name="OnlyFirstCorrect">examples the first system got right and the second wrong (b)</param>
/// <param name="OnlySecondCorrect">examples the second system got right and the first wrong (c)</param>
/// <param name="PValue">two-sided exact p-value</param>
public sealed record McNemarResult(int OnlyFirstCorrect, int OnlySecondCorrect, double PValue);

/// <summary>
/// McNemar's exact test: only discordant pairs carry information; under "no difference" each is equally likely to
/// favour either system, so b ~ Binomial(b + c, ½) and p = min(1, 2 · P(X ≤ min(b, c))).
/// </summary>
public static class McNemarTest
{
    public static McNemarResult Run(IReadOnlyList<bool> first, IReadOnlyList<bool> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count != second.Count)
        {
            throw new ArgumentException($"Paired results need equal lengths ({first.Count} vs {second.Count}).");
        }

        int b = 0, c = 0;
        for (var i = 0; i < first.Count; i++)
        {
            b += first[i] && !second[i] ? 1 : 0;
            c += !first[i] && second[i] ? 1 : 0;
        }

        return new McNemarResult(b, c, ExactPValue(b, c));
    }

    /// <summary>The two-sided exact p-value for <paramref name="b"/> and <paramref name="c"/> discordant pairs.</summary>
    public static double ExactPValue(int b, int c)
    {
        var n = b + c;
        if (n == 0)
        {
            return 1.0;
        }

        // Sum the lower tail in log space: binomial coefficients overflow doubles beyond n ≈ 1,000.
        var k = Math.Min(b, c);
        var logHalfN = n * Math.Log(0.5);
        double tail = 0;
        var logCoefficient = 0.0; // log C(n, 0)
        for (var i = 0; i <= k; i++)
        {
            if (i > 0)
            {
                logCoefficient += Math.Log(n - i + 1) - Math.Log(i);
            }

            tail += Math.Exp(logCoefficient + logHalfN);
        }

        return Math.Min(1.0, 2 * tail);
    }
}

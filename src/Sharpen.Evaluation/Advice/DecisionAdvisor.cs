using System.Globalization;

namespace Sharpen.Evaluation.Advice;

/// <summary>
/// Fine-tune, prompt-engineer, retrieve or wait? Applies the seed document's rules of thumb in a fixed precedence:
/// knowledge that changes → retrieval (a fine-tune would be stale on arrival); fewer than 500 good examples → prompt
/// engineering first; an expected gain under 10% → skip, 10–20% → prove it with a pilot first, over 20% → justified;
/// no need for domain expertise → prompt engineering; not headed for production → defer; otherwise fine-tune.
/// </summary>
public static class DecisionAdvisor
{
    /// <summary>The seed's minimum for fine-tuning ("Do you have 500+ high-quality examples?").</summary>
    public const int MinimumExamples = 500;

    /// <summary>Below this, a model memorises rather than generalises (the data step warns at the same count).</summary>
    public const int MemorisationRisk = 100;

    /// <summary>Expected improvement that justifies the cost ("> 20%").</summary>
    public const double JustifyingImprovementPercent = 20;

    /// <summary>Expected improvement under which fine-tuning is not worth it ("&lt; 10% → Skip").</summary>
    public const double SkipBelowImprovementPercent = 10;

    public static Advice Advise(AdviceQuestions answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var reasons = new List<string>();
        var assumptions = new List<string>();
        var tier = answers.HighQualityExamples is { } n ? CostTier(n) : null;

        if (answers.NeedsRealTimeUpdates is true)
        {
            reasons.Add("The knowledge needs real-time updates: a fine-tuned model is stale as soon as the data changes; retrieval (RAG) grounds answers in current data.");
            return new Advice(Recommendation.Retrieval, reasons, assumptions, tier);
        }

        if (answers.NeedsRealTimeUpdates is null)
        {
            assumptions.Add("Assumed the knowledge is static (no real-time updates); if it changes often, use retrieval instead.");
        }

        if (answers.HighQualityExamples is { } examples)
        {
            if (examples < MinimumExamples)
            {
                reasons.Add(examples < MemorisationRisk
                    ? string.Create(CultureInfo.InvariantCulture, $"Only {examples} high-quality examples: far below the {MinimumExamples} fine-tuning needs, and few enough that a model would memorise them.")
                    : string.Create(CultureInfo.InvariantCulture, $"{examples} high-quality examples is below the usual minimum of {MinimumExamples}: prompt engineering (few-shot with these examples) first, and collect more."));
                return new Advice(Recommendation.PromptEngineeringFirst, reasons, assumptions, tier);
            }

            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{examples} high-quality examples meets the {MinimumExamples}+ guideline."));
        }
        else
        {
            assumptions.Add(string.Create(CultureInfo.InvariantCulture, $"The number of high-quality examples is unknown; fine-tuning needs {MinimumExamples}+ (run 'sharpen data prepare' to count them)."));
        }

        if (answers.ExpectedImprovementPercent is { } gain)
        {
            if (gain < SkipBelowImprovementPercent)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"An expected improvement of {gain:0.#}% is under {SkipBelowImprovementPercent}%: not worth the cost; improve prompts instead."));
                return new Advice(Recommendation.PromptEngineeringFirst, reasons, assumptions, tier);
            }

            if (gain <= JustifyingImprovementPercent)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"An expected improvement of {gain:0.#}% is between {SkipBelowImprovementPercent}% and {JustifyingImprovementPercent}%: not clearly justified; run a small pilot fine-tune and let 'sharpen eval' measure the real gain first."));
                return new Advice(Recommendation.PromptEngineeringFirst, reasons, assumptions, tier);
            }

            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"An expected improvement of {gain:0.#}% exceeds {JustifyingImprovementPercent}%, which justifies the cost."));
        }
        else
        {
            assumptions.Add(string.Create(CultureInfo.InvariantCulture, $"The expected improvement is unknown; fine-tuning pays off above {JustifyingImprovementPercent}% and is not worth it under {SkipBelowImprovementPercent}%."));
        }

        if (answers.DomainExpertiseCritical is false)
        {
            reasons.Add("Domain expertise is not critical: a capable base model with good prompts usually does as well for general tasks.");
            return new Advice(Recommendation.PromptEngineeringFirst, reasons, assumptions, tier);
        }

        if (answers.DomainExpertiseCritical is true)
        {
            reasons.Add("Domain expertise is critical: fine-tuning teaches vocabulary, format and judgement that prompts cannot carry.");
        }
        else
        {
            assumptions.Add("Assumed domain expertise matters; if the task is general, prompt engineering is the better investment.");
        }

        if (answers.Production is false)
        {
            reasons.Add("Not a production system yet: experiment with the base model and prompts, and defer fine-tuning until the product is proven.");
            return new Advice(Recommendation.Defer, reasons, assumptions, tier);
        }

        if (answers.Production is true)
        {
            reasons.Add("A production, domain-specific system is where fine-tuning earns its cost (consistency, latency, shorter prompts).");
        }
        else
        {
            assumptions.Add("Assumed a production system; for a prototype, defer fine-tuning.");
        }

        return new Advice(Recommendation.FineTune, reasons, assumptions, tier);
    }

    /// <summary>The seed's cost tiers ("Cost Considerations") for a number of examples.</summary>
    public static string CostTier(int examples) => examples switch
    {
        < 500 => "below the small tier (under 500 examples): prompt engineering is the cheaper first step",
        <= 1000 => "small (500–1,000 examples): $500–$5,000, 1–2 hours on hosted platforms",
        <= 5000 => "medium (1,000–5,000 examples): $2,000–$20,000, 2–8 hours on hosted platforms",
        _ => "large (5,000+ examples): $10,000–$100,000+, 8–48 hours on hosted platforms",
    };
}

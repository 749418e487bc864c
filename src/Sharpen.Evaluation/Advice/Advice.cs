namespace Sharpen.Evaluation.Advice;

/// <summary>The advisor's answer: a recommendation, the reasons behind it, and what it would cost.</summary>
/// <param name="Recommendation">what to do</param>
/// <param name="Reasons">one line per rule that decided or informed the answer, in the framework's order</param>
/// <param name="Assumptions">questions left unanswered and what was assumed for them</param>
/// <param name="CostTier">the seed's cost tier for the example count, when known</param>
public sealed record Advice(Recommendation Recommendation, IReadOnlyList<string> Reasons, IReadOnlyList<string> Assumptions, string? CostTier);

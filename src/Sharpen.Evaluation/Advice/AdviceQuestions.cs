namespace Sharpen.Evaluation.Advice;

/// <summary>
/// The decision framework's five questions (the product's seed document, "Decision Framework: To Fine-tune or Not?").
/// Null means "not answered"; the advisor then says what it assumed.
/// </summary>
public sealed record AdviceQuestions
{
    /// <summary>1. Is domain expertise critical (specialised vocabulary, style, format or judgement)?</summary>
    public bool? DomainExpertiseCritical { get; init; }

    /// <summary>2. How many high-quality examples exist (after cleaning — e.g. a dataset report's kept count)?</summary>
    public int? HighQualityExamples { get; init; }

    /// <summary>3. Will this be a production system (rather than a prototype or general-use tool)?</summary>
    public bool? Production { get; init; }

    /// <summary>4. Expected improvement over the best prompt-engineered baseline, in percent.</summary>
    public double? ExpectedImprovementPercent { get; init; }

    /// <summary>5. Does the knowledge change often / need real-time updates?</summary>
    public bool? NeedsRealTimeUpdates { get; init; }
}

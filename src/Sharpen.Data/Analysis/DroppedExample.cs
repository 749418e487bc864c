namespace Sharpen.Data.Analysis;

/// <summary>An example a cleaning rule flagged, shown in reports so a person can judge the rule.</summary>
/// <param name="Rule">The issue code of the rule (for example <c>near_duplicate</c>).</param>
/// <param name="Line">Line of the flagged example.</param>
/// <param name="Preview">The start of the example's text.</param>
/// <param name="DuplicateOfLine">For duplicates: the line of the earlier example that was kept.</param>
/// <param name="Similarity">For near duplicates: the estimated Jaccard similarity.</param>
public sealed record DroppedExample(string Rule, long Line, string Preview, long? DuplicateOfLine = null, double? Similarity = null);

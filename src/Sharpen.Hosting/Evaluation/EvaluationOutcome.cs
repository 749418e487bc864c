using Sharpen.Evaluation.Reports;

namespace Sharpen.Hosting.Evaluation;

/// <summary>A finished evaluation: the report and the folder it was written to.</summary>
public sealed record EvaluationOutcome(EvaluationReport Report, string ReportDirectory);

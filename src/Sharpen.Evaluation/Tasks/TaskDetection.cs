namespace Sharpen.Evaluation.Tasks;

/// <summary>The task type an evaluation uses, why, and for classification the closed label set.</summary>
public sealed record TaskDetection(TaskType Task, string Reason, IReadOnlyList<string> Labels);

namespace Sharpen.Core.Training;

/// <summary>A lifecycle event of a run, such as <c>checkpoint_saved</c> or <c>budget_reached</c>.</summary>
/// <param name="Timestamp">from the run's injected clock</param>
/// <param name="Step">the optimizer step it refers to</param>
/// <param name="Kind">a stable snake_case name (see <see cref="TrainingEventKinds"/>)</param>
/// <param name="Message">a sentence for humans</param>
/// <param name="Data">machine-readable details (may be empty)</param>
public sealed record TrainingEvent(DateTimeOffset Timestamp, long Step, string Kind, string Message, IReadOnlyDictionary<string, string> Data);

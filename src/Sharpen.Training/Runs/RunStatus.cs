namespace Sharpen.Training.Runs;

/// <summary>The final state of a run.</summary>
public enum RunStatus
{
    /// <summary>All planned epochs ran.</summary>
    Completed,

    /// <summary>A budget or early stopping ended the run early, at a step boundary, after saving.</summary>
    Stopped,

    /// <summary>The caller cancelled; the last step was saved and the run can be resumed.</summary>
    Cancelled,
}

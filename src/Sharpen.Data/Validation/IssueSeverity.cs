namespace Sharpen.Data.Validation;

/// <summary>How bad a <see cref="DataIssue"/> is; callers map the worst one to an exit code.</summary>
public enum IssueSeverity
{
    /// <summary>Nothing to act on; shown for context.</summary>
    Info = 0,

    /// <summary>The data can be used, but a rule of thumb says it will train worse (too few examples, imbalance, ...).</summary>
    Warning = 1,

    /// <summary>An example (or the whole file) cannot be used as it is.</summary>
    Error = 2,
}

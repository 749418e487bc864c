namespace Sharpen.Hosting.Jobs;

/// <summary>
/// A fine-tuning job's states, spelled as OpenAI's API spells them: <c>validating_files → queued → running →
/// succeeded | failed | cancelled</c>, plus <c>paused</c> (running → paused → queued on resume).
/// </summary>
public static class JobStatus
{
    public const string ValidatingFiles = "validating_files";
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>Whether a job in <paramref name="status"/> will never change again.</summary>
    public static bool IsTerminal(string status) => status is Succeeded or Failed or Cancelled;
}

namespace Sharpen.Training.Config;

/// <summary>The <c>output:</c> section: where the run folder goes and which sinks are on.</summary>
public sealed record OutputOptions
{
    /// <summary><c>output.runs_dir</c>: parent of run folders (default <c>runs</c>).</summary>
    public string RunsDir { get; init; } = "runs";

    /// <summary><c>output.run_id</c>: the run folder's name; empty = <c>yyyyMMdd-HHmmss-seed</c> from the injected clock.</summary>
    public string RunId { get; init; } = "";

    /// <summary><c>output.console</c>: print one progress line per step (default true).</summary>
    public bool Console { get; init; } = true;

    /// <summary><c>output.tensorboard</c>: write TensorBoard event files under <c>tensorboard/</c> (default false).</summary>
    public bool Tensorboard { get; init; }
}

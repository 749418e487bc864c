namespace Sharpen.Training.Config;

/// <summary>A config that cannot run; <see cref="Errors"/> holds one "key.path: problem" line per problem.</summary>
public sealed class TrainingConfigException : Exception
{
    public TrainingConfigException(IReadOnlyList<string> errors)
        : base("Invalid training config:" + Environment.NewLine + string.Join(Environment.NewLine, (errors ?? []).Select(e => "  " + e)))
    {
        Errors = errors ?? [];
    }

    public TrainingConfigException()
        : this([])
    {
    }

    public TrainingConfigException(string message)
        : this([message])
    {
    }

    public TrainingConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public IReadOnlyList<string> Errors { get; }
}

namespace Sharpen.Modeling.Llama;

/// <summary>A model <c>config.json</c> that cannot describe a runnable model; the message names the file and the problem.</summary>
public sealed class ModelConfigException : Exception
{
    public ModelConfigException(string source, string problem)
        : base($"{source}: {problem}.")
    {
        Source = source;
    }

    public ModelConfigException()
    {
    }

    public ModelConfigException(string message)
        : base(message)
    {
    }

    public ModelConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

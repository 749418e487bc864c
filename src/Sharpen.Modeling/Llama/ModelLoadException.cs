namespace Sharpen.Modeling.Llama;

/// <summary>A checkpoint that cannot be loaded into the model its config describes; the message lists the offending keys.</summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException()
    {
    }

    public ModelLoadException(string message)
        : base(message)
    {
    }

    public ModelLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

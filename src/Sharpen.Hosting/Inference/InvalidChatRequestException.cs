namespace Sharpen.Hosting.Inference;

/// <summary>
/// A chat request that cannot be served as asked (a value out of range, a prompt longer than the context). Carries
/// the OpenAI parameter name and error code so the HTTP edge can answer 400 in OpenAI's shape.
/// </summary>
public sealed class InvalidChatRequestException(string message, string? param, string? code = null) : Exception(message)
{
    /// <summary>The request parameter at fault, in OpenAI's spelling (<c>temperature</c>, <c>messages</c>, ...).</summary>
    public string? Param { get; } = param;

    /// <summary>A machine-readable code such as <c>context_length_exceeded</c>, or null.</summary>
    public string? Code { get; } = code;
}

namespace Sharpen.Tokenization.Templates;

/// <summary>
/// An error raised while lexing, parsing or rendering, carrying the source offset of the construct that failed.
/// <see cref="ChatTemplate"/> turns it into a public <see cref="ChatTemplateException"/> with line and column.
/// </summary>
internal sealed class TemplateError : Exception
{
    public TemplateError(ChatTemplateErrorKind kind, string message, int position = -1)
        : base(message)
    {
        Kind = kind;
        Position = position;
    }

    public TemplateError()
        : this(ChatTemplateErrorKind.Runtime, "template error")
    {
    }

    public TemplateError(string message)
        : this(ChatTemplateErrorKind.Runtime, message)
    {
    }

    public TemplateError(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = ChatTemplateErrorKind.Runtime;
        Position = -1;
    }

    public ChatTemplateErrorKind Kind { get; }

    /// <summary>Offset in the (newline-normalised) source; -1 until the innermost node that failed fills it in.</summary>
    public int Position { get; set; }

    public static TemplateError Syntax(string message, int position) => new(ChatTemplateErrorKind.Syntax, message, position);

    public static TemplateError Runtime(string message) => new(ChatTemplateErrorKind.Runtime, message);

    /// <summary>Python's TypeError, as Jinja would surface it.</summary>
    public static TemplateError Type(string message) => new(ChatTemplateErrorKind.Runtime, message);
}

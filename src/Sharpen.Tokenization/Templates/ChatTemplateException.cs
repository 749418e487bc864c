namespace Sharpen.Tokenization.Templates;

/// <summary>
/// A chat template failed to parse or render. The message names the template, the line and column, and the reason;
/// <see cref="Kind"/> separates syntax errors from <c>raise_exception</c> calls (the template rejecting a
/// conversation, for example roles that do not alternate) and other runtime failures.
/// </summary>
public sealed class ChatTemplateException : Exception
{
    public ChatTemplateException(ChatTemplateErrorKind kind, string reason, string templateName, int line, int column, Exception? innerException = null)
        : base($"{templateName}, line {line}, column {column}: {reason}", innerException)
    {
        Kind = kind;
        Reason = reason;
        TemplateName = templateName;
        Line = line;
        Column = column;
    }

    public ChatTemplateException()
        : this(ChatTemplateErrorKind.Runtime, "chat template error", "chat template", 1, 1)
    {
    }

    public ChatTemplateException(string message)
        : this(ChatTemplateErrorKind.Runtime, message, "chat template", 1, 1)
    {
    }

    public ChatTemplateException(string message, Exception innerException)
        : this(ChatTemplateErrorKind.Runtime, message, "chat template", 1, 1, innerException)
    {
    }

    /// <summary>Syntax error, template-raised exception, or other runtime failure.</summary>
    public ChatTemplateErrorKind Kind { get; }

    /// <summary>The reason alone, without position (for <see cref="ChatTemplateErrorKind.Raised"/>: the template's own message).</summary>
    public string Reason { get; }

    /// <summary>The template's name (a file path, or "chat template").</summary>
    public string TemplateName { get; }

    /// <summary>1-based line of the construct that failed.</summary>
    public int Line { get; }

    /// <summary>1-based column of the construct that failed.</summary>
    public int Column { get; }
}

namespace Sharpen.Tokenization.Templates;

/// <summary>What went wrong in a chat template, so callers can tell a broken template from a rejected conversation.</summary>
public enum ChatTemplateErrorKind
{
    /// <summary>The template source is not valid Jinja (or uses an unknown filter, test or tag).</summary>
    Syntax,

    /// <summary>The template called <c>raise_exception(message)</c>: it rejects the conversation (for example a bad role).</summary>
    Raised,

    /// <summary>Rendering failed: an undefined value was used, a type error, a bad argument.</summary>
    Runtime,
}

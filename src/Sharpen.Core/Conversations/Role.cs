namespace Sharpen.Core.Conversations;

/// <summary>
/// Who speaks a message. The four roles of OpenAI chat fine-tuning data; every input format (ShareGPT's
/// <c>human</c>/<c>gpt</c>, Alpaca's instruction/output, ...) is mapped onto these so that templates and loss masks
/// only ever see one vocabulary.
/// </summary>
public enum Role
{
    /// <summary>Instructions that frame the conversation; usually first.</summary>
    System,

    /// <summary>The human or calling application.</summary>
    User,

    /// <summary>The model; the only role that is trained on.</summary>
    Assistant,

    /// <summary>The result of a tool (function) call made by the assistant.</summary>
    Tool,
}

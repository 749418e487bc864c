namespace Sharpen.Modeling.Generation;

/// <summary>Why generation ended, in the vocabulary of OpenAI's <c>finish_reason</c>.</summary>
public enum FinishReason
{
    /// <summary>Still generating.</summary>
    None,

    /// <summary>A stop token or stop string was produced.</summary>
    Stop,

    /// <summary><see cref="GenerationOptions.MaxNewTokens"/> or the context window was reached.</summary>
    Length,
}

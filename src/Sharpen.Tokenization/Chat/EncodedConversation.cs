namespace Sharpen.Tokenization.Chat;

/// <summary>
/// A conversation as the model sees it in training: token ids and, per token, whether it is a training target
/// (true) or context only (false). <see cref="Text"/> is the rendered text the ids came from.
/// </summary>
public sealed record EncodedConversation(int[] InputIds, bool[] LossMask, string Text)
{
    /// <summary>Number of tokens that count towards the loss.</summary>
    public int TrainedTokens => LossMask.Count(m => m);
}

namespace Sharpen.Core.Conversations;

/// <summary>
/// Counts the tokens an example occupies once rendered for a particular model — its prompt format (chat template)
/// included — so length statistics and the context-window check measure what training will actually see.
/// </summary>
public interface IExampleTokenCounter
{
    /// <summary>What renders the example (a chat template's name or Sharpen's plain format), for reports and manifests.</summary>
    string Name { get; }

    /// <summary>Tokens of <paramref name="conversation"/> as rendered and tokenised for training.</summary>
    int CountTokens(Conversation conversation);
}

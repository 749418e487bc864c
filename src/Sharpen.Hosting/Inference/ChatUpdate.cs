using Sharpen.Modeling.Generation;

namespace Sharpen.Hosting.Inference;

/// <summary>
/// One streamed event of a <see cref="ChatGeneration"/>: a piece of choice <see cref="Choice"/>'s text while
/// <see cref="Finish"/> is <see cref="FinishReason.None"/>, then one last update with the reason it ended and the
/// number of tokens it generated.
/// </summary>
public sealed record ChatUpdate(int Choice, string Text, FinishReason Finish, int CompletionTokens);

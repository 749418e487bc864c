namespace Sharpen.Modeling.Generation;

/// <summary>
/// One step of a streamed generation: the token drawn and the text it completes. <see cref="Text"/> can be empty (a
/// token that starts a multi-byte character, or text held back because it may begin a stop string).
/// </summary>
public sealed record GeneratedToken(int TokenId, string Text, FinishReason Finish);

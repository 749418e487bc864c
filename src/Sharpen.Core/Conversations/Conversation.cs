namespace Sharpen.Core.Conversations;

/// <summary>
/// The one shape every training example takes after reading, whatever its source format (OpenAI chat,
/// prompt/completion, Alpaca, ShareGPT, plain text, tabular columns or preference pairs). Templates, token counting,
/// dedup and splitting work on this type only.
/// </summary>
/// <param name="Messages">
/// The turns in order. For a preference pair these are the shared input turns; the two candidate answers are in
/// <see cref="PreferredOutput"/> and <see cref="NonPreferredOutput"/>.
/// </param>
public sealed record Conversation(IReadOnlyList<Message> Messages)
{
    /// <summary>Where the example was read from, when it was read from a file.</summary>
    public SourceLocation? Source { get; init; }

    /// <summary>A class label (for example a Banking77 intent); drives stratified splits and balance checks.</summary>
    public string? Label { get; init; }

    /// <summary>
    /// Extra top-level fields worth keeping, as raw JSON values by key (for example OpenAI <c>tools</c> and
    /// <c>parallel_tool_calls</c>). Written back unchanged when the example is saved.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>For a preference pair (DPO): the better answer's messages; null for ordinary examples.</summary>
    public IReadOnlyList<Message>? PreferredOutput { get; init; }

    /// <summary>For a preference pair (DPO): the worse answer's messages; null for ordinary examples.</summary>
    public IReadOnlyList<Message>? NonPreferredOutput { get; init; }

    /// <summary>True when this example is a preference pair rather than a supervised conversation.</summary>
    public bool IsPreferencePair => PreferredOutput is not null;

    /// <summary>Every message of the example: the input turns, then the preferred and non-preferred answers.</summary>
    public IEnumerable<Message> AllMessages =>
        Messages.Concat(PreferredOutput ?? []).Concat(NonPreferredOutput ?? []);
}

namespace Sharpen.Core.Text;

/// <summary>
/// The seam between text and token ids. Implemented in Sharpen.Tokenization; consumed by modeling, training and
/// evaluation, which must never depend on a concrete tokenizer.
/// </summary>
public interface ITokenizer
{
    /// <summary>Number of ids the tokenizer can produce (the model's embedding rows may be more).</summary>
    int VocabSize { get; }

    /// <summary>Beginning-of-sequence id, if the tokenizer has one.</summary>
    int? BosTokenId { get; }

    /// <summary>End-of-sequence id, if the tokenizer has one.</summary>
    int? EosTokenId { get; }

    /// <summary>Ids that end a generation (EOS plus end-of-turn tokens such as <c>&lt;|eot_id|&gt;</c>).</summary>
    IReadOnlyCollection<int> StopTokenIds { get; }

    /// <summary>
    /// Encodes text to ids. With <paramref name="addSpecialTokens"/> the tokenizer's post-processor runs (for example
    /// a BOS prefix for Llama); special-token strings inside <paramref name="text"/> are recognised as single ids.
    /// </summary>
    IReadOnlyList<int> Encode(string text, bool addSpecialTokens = true);

    /// <summary>Decodes ids to text; special tokens are dropped when <paramref name="skipSpecialTokens"/> is set.</summary>
    string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false);

    /// <summary>The vocabulary string of an id (for example <c>▁the</c> or <c>Ġthe</c>), or null when out of range.</summary>
    string? IdToToken(int id);

    /// <summary>The id of a vocabulary string, or null when unknown.</summary>
    int? TokenToId(string token);
}

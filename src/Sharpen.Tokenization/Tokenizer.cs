using Sharpen.Core.Text;
using Sharpen.Tokenization.Pipeline;

namespace Sharpen.Tokenization;

/// <summary>
/// A loaded tokenizer: added-token split → normalizer → pre-tokenizer → BPE model → post-processor, and the decoder
/// chain back. It mirrors the Hugging Face <c>tokenizers</c> pipeline so that ids match the reference exactly for
/// both <c>tokenizer.json</c> and SentencePiece <c>tokenizer.model</c> files. Immutable and safe to share between
/// threads; obtain one from <see cref="TokenizerLoader"/>.
/// </summary>
public sealed class Tokenizer : ITokenizer
{
    private readonly TokenizerComponents _parts;
    private readonly Dictionary<int, AddedToken> _addedById;
    private readonly Dictionary<string, int> _addedByContent;
    private readonly AddedTokenMatcher _rawAll;
    private readonly AddedTokenMatcher _rawOrdinary;
    private readonly AddedTokenMatcher _normalizedAll;
    private readonly AddedTokenMatcher _normalizedOrdinary;

    internal Tokenizer(TokenizerComponents parts, int? bosTokenId, int? eosTokenId, int? padTokenId, IReadOnlyCollection<int> stopTokenIds)
    {
        _parts = parts;
        _addedById = [];
        _addedByContent = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in parts.AddedTokens)
        {
            _addedById[token.Id] = token;
            _addedByContent.TryAdd(token.Content, token.Id);
        }

        var raw = parts.AddedTokens.Where(t => !t.Normalized || parts.Normalizer is null).ToList();
        var normalized = parts.AddedTokens.Where(t => t.Normalized && parts.Normalizer is not null).ToList();
        _rawAll = new AddedTokenMatcher(raw);
        _rawOrdinary = new AddedTokenMatcher(raw.Where(t => !t.Special));
        _normalizedAll = new AddedTokenMatcher(normalized);
        _normalizedOrdinary = new AddedTokenMatcher(normalized.Where(t => !t.Special));

        var maxAdded = parts.AddedTokens.Count == 0 ? -1 : parts.AddedTokens.Max(t => t.Id);
        VocabSize = Math.Max(parts.Model.MaxId, maxAdded) + 1;
        BosTokenId = bosTokenId;
        EosTokenId = eosTokenId;
        PadTokenId = padTokenId;
        StopTokenIds = stopTokenIds;
    }

    /// <inheritdoc />
    public int VocabSize { get; }

    /// <inheritdoc />
    public int? BosTokenId { get; }

    /// <inheritdoc />
    public int? EosTokenId { get; }

    /// <summary>Padding id from <c>tokenizer_config.json</c>, if any (collation pads with it).</summary>
    public int? PadTokenId { get; }

    /// <inheritdoc />
    public IReadOnlyCollection<int> StopTokenIds { get; }

    /// <inheritdoc />
    public IReadOnlyList<int> Encode(string text, bool addSpecialTokens = true) => Encode(text, addSpecialTokens, parseSpecialTokens: true);

    /// <summary>
    /// Encodes text. With <paramref name="parseSpecialTokens"/> false, special-token strings in the text (for example
    /// a user typing <c>&lt;|im_end|&gt;</c>) are tokenized as ordinary text — what training data and untrusted input
    /// need; non-special added tokens are still matched, as in the reference.
    /// </summary>
    public IReadOnlyList<int> Encode(string text, bool addSpecialTokens, bool parseSpecialTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 3 + 4);
        var segments = new List<TextSegment>();
        (parseSpecialTokens ? _rawAll : _rawOrdinary).Split(text, atStart: true, segments);
        var inner = new List<TextSegment>();
        var words = new List<string>();
        foreach (var segment in segments)
        {
            if (segment.IsToken)
            {
                ids.Add(segment.TokenId);
                continue;
            }

            var normalized = _parts.Normalizer?.Normalize(segment.Text!) ?? segment.Text!;
            inner.Clear();
            (parseSpecialTokens ? _normalizedAll : _normalizedOrdinary).Split(normalized, segment.AtStart, inner);
            foreach (var piece in inner)
            {
                if (piece.IsToken)
                {
                    ids.Add(piece.TokenId);
                    continue;
                }

                words.Clear();
                if (_parts.PreTokenizer is null)
                {
                    words.Add(piece.Text!);
                }
                else
                {
                    _parts.PreTokenizer.PreTokenize(piece.Text!, piece.AtStart, words);
                }

                foreach (var word in words)
                {
                    _parts.Model.Tokenize(word, ids);
                }
            }
        }

        if (addSpecialTokens && _parts.PostProcessor is not null)
        {
            ids = _parts.PostProcessor.Process(ids);
        }

        return ids;
    }

    /// <inheritdoc />
    /// <remarks>Ids outside the vocabulary are skipped, as the reference does.</remarks>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var tokens = new List<string>();
        foreach (var id in ids)
        {
            if (_addedById.TryGetValue(id, out var added))
            {
                if (!(skipSpecialTokens && added.Special))
                {
                    tokens.Add(added.Content);
                }

                continue;
            }

            if (_parts.Model.IdToToken(id) is { } token)
            {
                tokens.Add(token);
            }
        }

        if (_parts.Decoder is null)
        {
            return string.Join(' ', tokens);
        }

        return string.Concat(_parts.Decoder.DecodeChain(tokens));
    }

    /// <inheritdoc />
    public string? IdToToken(int id) => _addedById.TryGetValue(id, out var added) ? added.Content : _parts.Model.IdToToken(id);

    /// <inheritdoc />
    public int? TokenToId(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return _addedByContent.TryGetValue(token, out var id) ? id : _parts.Model.TokenToId(token);
    }

    /// <summary>Whether <paramref name="id"/> is a special (control) token such as BOS, EOS or a chat marker.</summary>
    public bool IsSpecialToken(int id) => _addedById.TryGetValue(id, out var added) && added.Special;
}

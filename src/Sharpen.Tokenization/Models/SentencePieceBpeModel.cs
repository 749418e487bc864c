using System.Text;

namespace Sharpen.Tokenization.Models;

/// <summary>
/// Score-based BPE as in google/sentencepiece <c>bpe_model.cc</c>: the normalized text starts as one symbol per
/// character, then the adjacent pair whose concatenation is a vocabulary piece with the highest score is merged,
/// leftmost on ties, until no pair is a piece. Pieces of type UNUSED are merged through and re-split at the end;
/// symbols left unknown become <c>&lt;0xNN&gt;</c> byte pieces when the model has byte fallback.
/// </summary>
internal sealed class SentencePieceBpeModel : ITokenModel
{
    private readonly SentencePiecePiece[] _pieces;
    private readonly Dictionary<string, int> _mergeable; // NORMAL, USER_DEFINED and UNUSED pieces
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _mergeableBySpan;
    private readonly Dictionary<string, int> _all;
    private readonly int _unkId;
    private readonly int[]? _byteIds;
    private readonly WordCache _cache = new();

    public SentencePieceBpeModel(IReadOnlyList<SentencePiecePiece> pieces, int unkId, bool byteFallback)
    {
        _pieces = [.. pieces];
        _mergeable = new Dictionary<string, int>(pieces.Count, StringComparer.Ordinal);
        _all = new Dictionary<string, int>(pieces.Count, StringComparer.Ordinal);
        for (var id = 0; id < _pieces.Length; id++)
        {
            var piece = _pieces[id];
            _all.TryAdd(piece.Piece, id);
            if (piece.Type is SentencePiecePieceType.Normal or SentencePiecePieceType.UserDefined or SentencePiecePieceType.Unused)
            {
                _mergeable.TryAdd(piece.Piece, id);
            }
        }

        _mergeableBySpan = _mergeable.GetAlternateLookup<ReadOnlySpan<char>>();
        _unkId = unkId;
        if (byteFallback)
        {
            _byteIds = new int[256];
            for (var b = 0; b < 256; b++)
            {
                _byteIds[b] = _all.TryGetValue(BpeModel.ByteToken(b), out var id) ? id : -1;
            }
        }
    }

    public int MaxId => _pieces.Length - 1;

    public int? TokenToId(string token) => _all.TryGetValue(token, out var id) ? id : null;

    public string? IdToToken(int id) => id >= 0 && id < _pieces.Length ? _pieces[id].Piece : null;

    public void Tokenize(string word, List<int> output)
    {
        if (word.Length == 0)
        {
            return;
        }

        if (_cache.TryGet(word, out var cached))
        {
            output.AddRange(cached);
            return;
        }

        var ids = Encode(word);
        _cache.Add(word, ids);
        output.AddRange(ids);
    }

    private int[] Encode(string text)
    {
        // Symbols are [start, start + length) ranges of text, linked as a list.
        var starts = new List<int>(text.Length);
        for (var i = 0; i < text.Length;)
        {
            starts.Add(i);
            i += char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
        }

        var count = starts.Count;
        var start = starts.ToArray();
        var length = new int[count];
        var prev = new int[count];
        var next = new int[count];
        for (var i = 0; i < count; i++)
        {
            length[i] = (i + 1 < count ? start[i + 1] : text.Length) - start[i];
            prev[i] = i - 1;
            next[i] = i + 1 < count ? i + 1 : -1;
        }

        var agenda = new PriorityQueue<Candidate, Candidate>(CandidateOrder.Instance);
        Dictionary<string, (string Left, string Right)>? unusedSplits = null;

        void TryQueue(int left, int right)
        {
            if (left < 0 || right < 0)
            {
                return;
            }

            var size = length[left] + length[right];
            if (!_mergeableBySpan.TryGetValue(text.AsSpan(start[left], size), out var id))
            {
                return;
            }

            var candidate = new Candidate(left, right, size, _pieces[id].Score);
            agenda.Enqueue(candidate, candidate);
            if (_pieces[id].Type == SentencePiecePieceType.Unused)
            {
                unusedSplits ??= new Dictionary<string, (string, string)>(StringComparer.Ordinal);
                unusedSplits[text.Substring(start[left], size)] =
                    (text.Substring(start[left], length[left]), text.Substring(start[right], length[right]));
            }
        }

        for (var i = 0; i + 1 < count; i++)
        {
            TryQueue(i, i + 1);
        }

        while (agenda.TryDequeue(out var top, out _))
        {
            if (length[top.Left] == 0 || length[top.Right] == 0 || length[top.Left] + length[top.Right] != top.Size)
            {
                continue; // stale: one side was merged away or grew since this pair was queued
            }

            length[top.Left] += length[top.Right];
            length[top.Right] = 0;
            next[top.Left] = next[top.Right];
            if (next[top.Right] >= 0)
            {
                prev[next[top.Right]] = top.Left;
            }

            TryQueue(prev[top.Left], top.Left);
            TryQueue(top.Left, next[top.Left]);
        }

        var ids = new List<int>(count);
        for (var i = 0; i >= 0; i = next[i])
        {
            Emit(text.Substring(start[i], length[i]), unusedSplits, ids);
        }

        return [.. ids];
    }

    private void Emit(string piece, Dictionary<string, (string Left, string Right)>? unusedSplits, List<int> ids)
    {
        var id = _mergeable.TryGetValue(piece, out var found) ? found : _all.TryGetValue(piece, out found) ? found : _unkId;
        if (id != _unkId && _pieces[id].Type == SentencePiecePieceType.Unused && unusedSplits is not null
            && unusedSplits.TryGetValue(piece, out var halves))
        {
            Emit(halves.Left, unusedSplits, ids);
            Emit(halves.Right, unusedSplits, ids);
            return;
        }

        if (id == _unkId && _byteIds is not null && piece != _pieces[_unkId].Piece)
        {
            foreach (var b in Encoding.UTF8.GetBytes(piece))
            {
                ids.Add(_byteIds[b] >= 0 ? _byteIds[b] : _unkId);
            }

            return;
        }

        ids.Add(id);
    }

    private readonly record struct Candidate(int Left, int Right, int Size, float Score);

    /// <summary>Highest score first; on equal scores the leftmost pair (sentencepiece's <c>SymbolPairComparator</c>).</summary>
    private sealed class CandidateOrder : IComparer<Candidate>
    {
        public static readonly CandidateOrder Instance = new();

        public int Compare(Candidate x, Candidate y)
        {
            var byScore = y.Score.CompareTo(x.Score);
            return byScore != 0 ? byScore : x.Left.CompareTo(y.Left);
        }
    }
}

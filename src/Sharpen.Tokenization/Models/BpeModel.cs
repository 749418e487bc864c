using System.Text;

namespace Sharpen.Tokenization.Models;

/// <summary>
/// Rank-based BPE as in Hugging Face <c>tokenizers</c> (<c>models/bpe</c>): a word starts as one symbol per Unicode
/// character (or its <c>&lt;0xNN&gt;</c> bytes with byte fallback, or the unknown token), then the adjacent pair with
/// the lowest merge rank is merged until none applies — leftmost first on equal rank. A heap over pair positions
/// keeps this O(n log n) per word; results are cached per word.
/// </summary>
internal sealed class BpeModel : ITokenModel
{
    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _vocabBySpan;
    private readonly string?[] _idToToken;
    private readonly Dictionary<long, (int Rank, int NewId)> _merges;
    private readonly int? _unkId;
    private readonly bool _fuseUnknown;
    private readonly bool _ignoreMerges;
    private readonly string? _continuingSubwordPrefix;
    private readonly string? _endOfWordSuffix;
    private readonly int[]? _byteIds;
    private readonly WordCache _cache = new();

    public BpeModel(BpeModelOptions options)
    {
        _vocab = options.Vocab;
        _vocabBySpan = _vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        MaxId = _vocab.Count == 0 ? -1 : _vocab.Values.Max();
        _idToToken = new string?[MaxId + 1];
        foreach (var (token, id) in _vocab)
        {
            _idToToken[id] = token;
        }

        _merges = new Dictionary<long, (int Rank, int NewId)>(options.Merges.Count);
        for (var rank = 0; rank < options.Merges.Count; rank++)
        {
            var (left, right, merged) = options.Merges[rank];
            // A repeated pair keeps its first (lowest) rank, as in the reference.
            _merges.TryAdd(PairKey(left, right), (rank, merged));
        }

        _unkId = options.UnknownId;
        _fuseUnknown = options.FuseUnknown;
        _ignoreMerges = options.IgnoreMerges;
        _continuingSubwordPrefix = string.IsNullOrEmpty(options.ContinuingSubwordPrefix) ? null : options.ContinuingSubwordPrefix;
        _endOfWordSuffix = string.IsNullOrEmpty(options.EndOfWordSuffix) ? null : options.EndOfWordSuffix;
        if (options.ByteFallback)
        {
            _byteIds = new int[256];
            for (var b = 0; b < 256; b++)
            {
                _byteIds[b] = _vocab.TryGetValue(ByteToken(b), out var id) ? id : -1;
            }
        }
    }

    public int MaxId { get; }

    /// <summary>The vocabulary spelling of a byte-fallback token, for example <c>&lt;0x0A&gt;</c>.</summary>
    public static string ByteToken(int value) => $"<0x{value:X2}>";

    public int? TokenToId(string token) => _vocab.TryGetValue(token, out var id) ? id : null;

    public string? IdToToken(int id) => id >= 0 && id < _idToToken.Length ? _idToToken[id] : null;

    public void Tokenize(string word, List<int> output)
    {
        if (word.Length == 0)
        {
            return;
        }

        if (_ignoreMerges && _vocab.TryGetValue(word, out var whole))
        {
            output.Add(whole);
            return;
        }

        if (_cache.TryGet(word, out var cached))
        {
            output.AddRange(cached);
            return;
        }

        var ids = Merge(InitialSymbols(word));
        _cache.Add(word, ids);
        output.AddRange(ids);
    }

    private List<int> InitialSymbols(string word)
    {
        var symbols = new List<int>(word.Length);
        int? pendingUnknown = null;
        var index = 0;
        while (index < word.Length)
        {
            var length = char.IsHighSurrogate(word[index]) && index + 1 < word.Length && char.IsLowSurrogate(word[index + 1]) ? 2 : 1;
            var isFirst = index == 0;
            var isLast = index + length == word.Length;
            var character = word.AsSpan(index, length);
            index += length;

            int id;
            bool found;
            string? decorated = null;
            if ((_continuingSubwordPrefix is not null && !isFirst) || (_endOfWordSuffix is not null && isLast))
            {
                decorated = (isFirst ? string.Empty : _continuingSubwordPrefix) + character.ToString() + (isLast ? _endOfWordSuffix : string.Empty);
                found = _vocab.TryGetValue(decorated, out id);
            }
            else
            {
                found = _vocabBySpan.TryGetValue(character, out id);
            }

            if (found)
            {
                if (pendingUnknown is { } unk)
                {
                    symbols.Add(unk);
                    pendingUnknown = null;
                }

                symbols.Add(id);
                continue;
            }

            if (_byteIds is not null && TryAddBytes(decorated ?? character.ToString(), symbols))
            {
                // The reference does not flush a pending unknown before byte tokens; neither do we.
                continue;
            }

            if (_unkId is { } unkId)
            {
                if (pendingUnknown is not null && !_fuseUnknown)
                {
                    symbols.Add(pendingUnknown.Value);
                }

                pendingUnknown = unkId;
            }

            // Without an unknown token the reference drops the character; so do we.
        }

        if (pendingUnknown is { } last)
        {
            symbols.Add(last);
        }

        return symbols;
    }

    private bool TryAddBytes(string text, List<int> symbols)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            if (_byteIds![b] < 0)
            {
                return false;
            }
        }

        foreach (var b in bytes)
        {
            symbols.Add(_byteIds![b]);
        }

        return true;
    }

    private int[] Merge(List<int> initial)
    {
        var count = initial.Count;
        if (count < 2)
        {
            return [.. initial];
        }

        var ids = initial.ToArray();
        var prev = new int[count];
        var next = new int[count];
        var alive = new bool[count];
        for (var i = 0; i < count; i++)
        {
            prev[i] = i - 1;
            next[i] = i + 1 < count ? i + 1 : -1;
            alive[i] = true;
        }

        // Priority = rank, then position: the lowest rank merges first, leftmost among equals.
        var queue = new PriorityQueue<int, long>(count);
        for (var i = 0; i + 1 < count; i++)
        {
            if (_merges.TryGetValue(PairKey(ids[i], ids[i + 1]), out var merge))
            {
                queue.Enqueue(i, Priority(merge.Rank, i));
            }
        }

        while (queue.TryDequeue(out var position, out var priority))
        {
            if (!alive[position] || next[position] < 0)
            {
                continue;
            }

            var right = next[position];
            var rank = (int)(priority >> 32);
            if (!_merges.TryGetValue(PairKey(ids[position], ids[right]), out var current) || current.Rank != rank)
            {
                continue; // the pair changed since it was queued
            }

            ids[position] = current.NewId;
            alive[right] = false;
            next[position] = next[right];
            if (next[right] >= 0)
            {
                prev[next[right]] = position;
            }

            if (prev[position] >= 0 && _merges.TryGetValue(PairKey(ids[prev[position]], ids[position]), out var before))
            {
                queue.Enqueue(prev[position], Priority(before.Rank, prev[position]));
            }

            if (next[position] >= 0 && _merges.TryGetValue(PairKey(ids[position], ids[next[position]]), out var after))
            {
                queue.Enqueue(position, Priority(after.Rank, position));
            }
        }

        var result = new List<int>(count);
        for (var i = 0; i >= 0; i = next[i])
        {
            result.Add(ids[i]);
        }

        return [.. result];
    }

    private static long PairKey(int left, int right) => ((long)left << 32) | (uint)right;

    private static long Priority(int rank, int position) => ((long)rank << 32) | (uint)position;
}

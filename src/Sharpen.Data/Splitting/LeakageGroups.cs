using System.Runtime.InteropServices;
using Sharpen.Data.Cleaning;

namespace Sharpen.Data.Splitting;

/// <summary>
/// Groups kept examples that must not straddle a split: same normalised prompt, same whole example (when dedup is
/// off), or near-duplicate prompts (MinHash/LSH at the dedup threshold). Union–find over example ordinals; the
/// group id is the smallest ordinal, so the first occurrence decides where the group goes.
/// </summary>
/// <remarks>
/// <see cref="Describe"/> (hashes, signature, band keys) is pure and thread-safe, so the analysis computes it on its
/// reading thread; <see cref="Add"/> makes only the order-dependent decisions.
/// </remarks>
internal sealed class LeakageGroups(CleaningOptions cleaning)
{
    private readonly List<int> _parent = [];
    private readonly Dictionary<UInt128, int> _prompts = [];
    private readonly Dictionary<UInt128, int> _examples = [];
    private readonly MinHasher _hasher = new(cleaning.MinHashPermutations, cleaning.ShingleSize);
    private readonly NearDuplicateIndex _near = new(cleaning.MinHashPermutations, cleaning.NearDuplicateThreshold);
    private readonly List<int> _nearOrdinals = [];

    /// <summary>What grouping needs of one example: its whole-example key, and its prompt's key and MinHash.</summary>
    public Entry Describe(ExampleText text)
    {
        if (text.Prompt.Length == 0)
        {
            return new Entry(text.FullKey, null, null);
        }

        Span<uint> signature = stackalloc uint[cleaning.MinHashPermutations];
        var minHash = _hasher.TryCompute(text.Prompt.ToLowerInvariant(), signature) ? MinHashRows.From(signature, _near.Bands, _near.Rows) : null;
        return new Entry(text.FullKey, ExampleText.Key(text.Prompt), minHash);
    }

    /// <summary>Adds the next kept example (ordinals 0, 1, 2, ... in order) described by <see cref="Describe"/>.</summary>
    public void Add(int ordinal, Entry entry)
    {
        _parent.Add(ordinal);
        Link(_examples, entry.ExampleKey, ordinal);
        if (entry.PromptKey is not { } promptKey)
        {
            return;
        }

        Link(_prompts, promptKey, ordinal);
        if (entry.PromptMinHash is { } minHash)
        {
            var match = _near.FindOrAdd(minHash.Fingerprint, minHash.BandKeys, out _);
            if (match >= 0)
            {
                Union(_nearOrdinals[match], ordinal);
            }
            else
            {
                _nearOrdinals.Add(ordinal);
            }
        }
    }

    public int[] GroupOfEach()
    {
        var groups = new int[_parent.Count];
        for (var i = 0; i < groups.Length; i++)
        {
            groups[i] = Find(i);
        }

        return groups;
    }

    private void Link(Dictionary<UInt128, int> firstByKey, UInt128 key, int ordinal)
    {
        ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(firstByKey, key, out var exists);
        if (exists)
        {
            Union(first, ordinal);
        }
        else
        {
            first = ordinal;
        }
    }

    private int Find(int x)
    {
        while (_parent[x] != x)
        {
            _parent[x] = _parent[_parent[x]];
            x = _parent[x];
        }

        return x;
    }

    private void Union(int a, int b)
    {
        var ra = Find(a);
        var rb = Find(b);
        if (ra != rb)
        {
            // The smaller ordinal is the root, so the group's first example decides its split.
            _parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
    }

    /// <summary>The per-example part of grouping, from <see cref="Describe"/>.</summary>
    internal sealed record Entry(UInt128 ExampleKey, UInt128? PromptKey, MinHashRows? PromptMinHash);
}

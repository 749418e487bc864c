using Sharpen.Data.Cleaning;

namespace Sharpen.Data.Splitting;

/// <summary>
/// Groups kept examples that must not straddle a split: same normalised prompt, same whole example (when dedup is
/// off), or near-duplicate prompts (MinHash/LSH at the dedup threshold). Union–find over example ordinals; the
/// group id is the smallest ordinal, so the first occurrence decides where the group goes.
/// </summary>
internal sealed class LeakageGroups(CleaningOptions cleaning)
{
    private readonly List<int> _parent = [];
    private readonly Dictionary<UInt128, int> _prompts = [];
    private readonly Dictionary<UInt128, int> _examples = [];
    private readonly MinHasher _hasher = new(cleaning.MinHashPermutations, cleaning.ShingleSize);
    private readonly NearDuplicateIndex _near = new(cleaning.MinHashPermutations, cleaning.NearDuplicateThreshold);
    private readonly List<int> _nearOrdinals = [];
    private readonly uint[] _signature = new uint[cleaning.MinHashPermutations];

    public void Add(int ordinal, ExampleText text)
    {
        _parent.Add(ordinal);
        Link(_examples, ExampleText.Key(text.Full), ordinal);
        if (text.Prompt.Length == 0)
        {
            return;
        }

        Link(_prompts, ExampleText.Key(text.Prompt), ordinal);
        if (_hasher.TryCompute(text.Prompt.ToLowerInvariant(), _signature))
        {
            var match = _near.FindSimilar(_signature, out _);
            if (match >= 0)
            {
                Union(_nearOrdinals[match], ordinal);
            }
            else
            {
                _near.Add(_signature);
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
        if (firstByKey.TryGetValue(key, out var first))
        {
            Union(first, ordinal);
        }
        else
        {
            firstByKey.Add(key, ordinal);
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
}

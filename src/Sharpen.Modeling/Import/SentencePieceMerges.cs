namespace Sharpen.Modeling.Import;

/// <summary>
/// Derives BPE merges from a SentencePiece vocabulary the way Hugging Face's converter does
/// (transformers <c>convert_slow_tokenizer.py</c>, <c>SentencePieceExtractor.extract</c> with vocab scores): for every
/// piece, in id order, each split into two pieces that are both in the vocabulary is a merge; the splits of one piece
/// are ordered by (left id, right id); then all merges are stably sorted by the piece's score, highest first.
/// </summary>
internal static class SentencePieceMerges
{
    public static IReadOnlyList<(string Left, string Right)> Derive(IReadOnlyList<string> pieces, IReadOnlyList<float> scores)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < pieces.Count; i++)
        {
            ids.TryAdd(pieces[i], i);
        }

        var merges = new List<(string Left, string Right, float Score)>();
        var local = new List<(string Left, string Right, int LeftId, int RightId)>();
        for (var i = 0; i < pieces.Count; i++)
        {
            var piece = pieces[i];
            local.Clear();
            // Python slices strings by code point; split only between code points (never inside a surrogate pair).
            for (var k = 1; k < piece.Length; k++)
            {
                if (char.IsLowSurrogate(piece[k]))
                {
                    continue;
                }

                var left = piece[..k];
                var right = piece[k..];
                if (ids.TryGetValue(left, out var leftId) && ids.TryGetValue(right, out var rightId))
                {
                    local.Add((left, right, leftId, rightId));
                }
            }

            foreach (var m in local.OrderBy(m => m.LeftId).ThenBy(m => m.RightId))
            {
                merges.Add((m.Left, m.Right, scores[i]));
            }
        }

        // OrderByDescending is stable, like Python's sorted(..., reverse=True).
        return [.. merges.OrderByDescending(m => m.Score).Select(m => (m.Left, m.Right))];
    }
}

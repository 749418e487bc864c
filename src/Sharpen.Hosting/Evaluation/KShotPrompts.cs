using Sharpen.Core.Conversations;
using Sharpen.Evaluation.Baselines;

namespace Sharpen.Hosting.Evaluation;

/// <summary>
/// The k-shot baseline's prompts: the k training examples most similar to the test question by BM25, shown as prior
/// user/assistant turns (the most similar last, nearest the question) in the model's own prompt format. When fewer than
/// k training prompts share a term with the question, the rest are drawn at random with the evaluation's seed.
/// </summary>
internal sealed class KShotPrompts(Bm25Index index, IReadOnlyList<TestExample> train, int k, int seed)
{
    public const string Selection = "the k most similar training examples by BM25, most similar last; seeded random fill-ins when fewer match";

    /// <summary>Shots removed so a prompt fits the context window.</summary>
    public int Dropped { get; private set; }

    /// <summary>The prompt for <paramref name="example"/>; shots are dropped, least similar first, until <paramref name="fits"/>.</summary>
    public IReadOnlyList<Message> Build(TestExample example, Func<IReadOnlyList<Message>, bool> fits)
    {
        var shots = Choose(example);
        while (true)
        {
            var prompt = Render(example, shots);
            if (shots.Count == 0 || fits(prompt))
            {
                return prompt;
            }

            shots.RemoveAt(0);
            Dropped++;
        }
    }

    /// <summary>Indices of the shots, least similar first.</summary>
    private List<int> Choose(TestExample example)
    {
        if (k == 0)
        {
            return [];
        }

        var chosen = index.Search(example.Question, k).Where(h => h.Score > 0).Select(h => h.Index).ToList();
        if (chosen.Count < k)
        {
            var random = new Random(unchecked((seed * 1_000_003) + example.Index)); // per example, the same on every run
            var rest = Enumerable.Range(0, train.Count).Where(i => !chosen.Contains(i)).ToArray();
            random.Shuffle(rest);
            chosen.AddRange(rest.Take(k - chosen.Count));
        }

        chosen.Reverse();
        return chosen;
    }

    private List<Message> Render(TestExample example, List<int> shots)
    {
        var messages = new List<Message>();
        var prompt = example.Prompt;
        var start = 0;
        if (prompt.Count > 0 && prompt[0].Role == Role.System)
        {
            messages.Add(prompt[0]);
            start = 1;
        }

        foreach (var shot in shots)
        {
            messages.AddRange(train[shot].Prompt.Where(m => m.Role != Role.System));
            messages.Add(new Message(Role.Assistant, train[shot].Reference) { Weight = 0 });
        }

        messages.AddRange(prompt.Skip(start));
        return messages;
    }
}

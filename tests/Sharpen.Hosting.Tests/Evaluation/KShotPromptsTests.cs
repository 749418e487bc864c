using Sharpen.Core.Conversations;
using Sharpen.Evaluation.Baselines;
using Sharpen.Hosting.Evaluation;

namespace Sharpen.Hosting.Tests.Evaluation;

public sealed class KShotPromptsTests
{
    private static readonly TestExample[] s_train =
    [
        Example(0, "my card has not arrived", "card_arrival"),
        Example(1, "how do I top up", "top_up_by_card"),
        Example(2, "card arrived broken", "card_not_working"),
        Example(3, "exchange rate too high", "exchange_rate"),
        Example(4, "cancel my transfer", "cancel_transfer"),
        Example(5, "where is my refund", "Refund_not_showing_up"),
    ];

    [Fact]
    public void Build_ShotsAreTheBm25NearestAsContextTurns_MostSimilarLast()
    {
        var shots = new KShotPrompts(new Bm25Index(s_train.Select(t => t.Question)), s_train, k: 2, seed: 1);
        var test = Example(10, "card has not arrived yet", "card_arrival") with
        {
            Prompt = [new Message(Role.System, "Answer with the intent."), new Message(Role.User, "card has not arrived yet")],
        };

        var prompt = shots.Build(test, _ => true);

        // BM25 (rank_bm25's idf over 6 documents): example 0 shares card, has, not, arrived (≈ 3.3); example 2 shares card
        // and arrived (≈ 1.3); the rest share nothing. The nearest sits right before the question.
        Assert.Equal(Role.System, prompt[0].Role);
        Assert.Equal(["card arrived broken", "card_not_working", "my card has not arrived", "card_arrival", "card has not arrived yet"], prompt.Skip(1).Select(m => m.Content));
        Assert.All(prompt.Where(m => m.Role == Role.Assistant), m => Assert.Equal(0, m.Weight)); // context, never scored
        Assert.Equal(0, shots.Dropped);
    }

    [Fact]
    public void Build_PromptTooLong_DropsTheLeastSimilarShotsFirst()
    {
        var shots = new KShotPrompts(new Bm25Index(s_train.Select(t => t.Question)), s_train, k: 2, seed: 1);
        var test = Example(10, "card has not arrived yet", "card_arrival");

        var prompt = shots.Build(test, p => p.Count <= 3);

        Assert.Equal(["my card has not arrived", "card_arrival", "card has not arrived yet"], prompt.Select(m => m.Content));
        Assert.Equal(1, shots.Dropped);
    }

    [Fact]
    public void Build_NoTermInCommon_FillsWithSeededRandomShots()
    {
        var test = Example(10, "zzz qqq", "card_arrival");
        var first = new KShotPrompts(new Bm25Index(s_train.Select(t => t.Question)), s_train, k: 2, seed: 7).Build(test, _ => true);
        var again = new KShotPrompts(new Bm25Index(s_train.Select(t => t.Question)), s_train, k: 2, seed: 7).Build(test, _ => true);

        Assert.Equal(5, first.Count);
        Assert.Equal(first.Select(m => m.Content), again.Select(m => m.Content));
        Assert.Equal(2, first.Where(m => m.Role == Role.User).Take(2).Select(m => m.Content).Distinct().Count());
    }

    private static TestExample Example(int index, string question, string answer) =>
        new(index, [new Message(Role.User, question)], question, answer);
}

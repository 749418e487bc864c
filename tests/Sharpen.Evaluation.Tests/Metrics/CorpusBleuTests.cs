using Sharpen.Evaluation.Metrics;

namespace Sharpen.Evaluation.Tests.Metrics;

/// <summary>Published values from sacreBLEU's README (mjpost/sacrebleu, "Using SacreBLEU from Python"), version 2.x defaults.</summary>
public sealed class CorpusBleuTests
{
    private static readonly string[] System = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."];

    [Fact]
    public void Score_ReadmeExampleTwoReferences_Is48_53()
    {
        IReadOnlyList<IReadOnlyList<string>> refs =
        [
            ["The dog bit the man.", "It was not unexpected.", "The man bit him first."],
            ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."],
        ];

        var score = CorpusBleu.Score(System, refs);

        // README: BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)
        Assert.Equal("BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)", score.ToString());
    }

    [Fact]
    public void Score_ReadmeExampleVariableReferences_Is29_44()
    {
        IReadOnlyList<IReadOnlyList<string>> refs =
        [
            ["", "It was not unexpected.", "The man bit him first."],
            ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."],
        ];

        var score = CorpusBleu.Score(System, refs);

        // README ("Variable Number of References"): BLEU = 29.44 82.4/42.9/27.3/12.5 (BP = 0.889 ratio = 0.895 hyp_len = 17 ref_len = 19)
        Assert.Equal("BLEU = 29.44 82.4/42.9/27.3/12.5 (BP = 0.889 ratio = 0.895 hyp_len = 17 ref_len = 19)", score.ToString());
    }

    [Fact]
    public void Score_IdenticalOutput_Is100()
    {
        var score = CorpusBleu.Score(System, [System]);

        Assert.Equal(100.0, score.Score, 9);
    }
}

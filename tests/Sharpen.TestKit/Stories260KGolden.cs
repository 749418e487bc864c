namespace Sharpen.TestKit;

/// <summary>
/// The reference output of stories260K under greedy decoding from BOS for 200 steps.
/// Provenance: karpathy/llama2.c <c>test_all.py</c> (<c>expected_stdout</c> of <c>test_runc</c>, which runs
/// <c>./run stories260K.bin -z tok512.bin -t 0.0 -n 200</c> and strips run.c's final newline); the same text begins
/// llama2.c's <c>doc/stories260K.md</c>. It was produced by llama2.c's C and PyTorch implementations, not by Sharpen.
/// </summary>
public static class Stories260KGolden
{
    /// <summary>run.c's <c>-n 200</c>: 200 sampled tokens after BOS.</summary>
    public const int NewTokens = 200;

    public const string GreedyText =
        "Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, red ball. She wanted to play with it, but it was too high.\n"
        + "Lily's mom said, \"Lily, let's go to the park.\" Lily was sad and didn't know what to do. She said, \"I want to play with your ball, but I can't find it.\"\n"
        + "Lily was sad and didn't know what to do. She said, \"I'm sorry, Lily. I didn't know what to do.\"\n"
        + "Lily didn't want to help her mom, so she";
}

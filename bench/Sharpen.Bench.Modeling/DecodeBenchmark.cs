using System.Diagnostics;
using Sharpen.Modeling.Llama;
using static TorchSharp.torch;

namespace Sharpen.Bench.Modeling;

/// <summary>Measures prefill and KV-cached decode throughput of one model; reports the median of several repeats.</summary>
internal sealed class DecodeBenchmark(LlamaForCausalLM model, int promptTokens, int decodeTokens, int repeats)
{
    public (double PrefillTokensPerSecond, double DecodeTokensPerSecond) Run()
    {
        var vocab = model.Config.VocabSize;
        var prompt = Enumerable.Range(0, promptTokens).Select(i => (long)((i * 7919) % vocab)).ToArray();
        var prefill = new List<double>();
        var decode = new List<double>();
        using var inference = inference_mode();
        for (var r = 0; r < repeats + 1; r++)
        {
            using var cache = model.CreateCache(1, promptTokens + decodeTokens);
            var clock = Stopwatch.StartNew();
            long next;
            using (NewDisposeScope())
            {
                var logits = model.forward(tensor(prompt).unsqueeze(0), cache, lastPositionOnly: true);
                next = logits[0, 0].argmax().item<long>();
            }

            var prefillSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            for (var t = 0; t < decodeTokens; t++)
            {
                using var scope = NewDisposeScope();
                var logits = model.forward(tensor(new[] { next }).unsqueeze(0), cache, lastPositionOnly: true);
                next = logits[0, 0].argmax().item<long>();
            }

            var decodeSeconds = clock.Elapsed.TotalSeconds;
            if (r > 0)
            {
                // The first repeat warms up allocators and kernels and is discarded.
                prefill.Add(promptTokens / prefillSeconds);
                decode.Add(decodeTokens / decodeSeconds);
            }
        }

        return (Median(prefill), Median(decode));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}

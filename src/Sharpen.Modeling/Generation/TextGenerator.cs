using Sharpen.Core.Text;
using Sharpen.Modeling.Llama;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Generation;

/// <summary>
/// Autoregressive generation with a KV cache: one prefill pass over the prompt, then one single-token pass per new
/// token. Streams <see cref="GeneratedToken"/>s; text never runs ahead into a stop string, because a suffix that could
/// still become one is held back until it is decided.
/// </summary>
public sealed class TextGenerator(LlamaForCausalLM model, ITokenizer tokenizer)
{
    /// <summary>Generates after <paramref name="promptIds"/> (which must be non-empty: start from BOS for an empty prompt).</summary>
    public IEnumerable<GeneratedToken> Generate(IReadOnlyList<int> promptIds, GenerationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(promptIds);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (promptIds.Count == 0)
        {
            throw new ArgumentException("The prompt has no tokens; start from the BOS token for an empty prompt.", nameof(promptIds));
        }

        var contextWindow = model.Config.MaxPositionEmbeddings;
        if (promptIds.Count >= contextWindow)
        {
            throw new ArgumentException($"The prompt has {promptIds.Count} tokens; the model's context window is {contextWindow}.", nameof(promptIds));
        }

        return Run(promptIds, options, contextWindow, cancellationToken);
    }

    /// <summary>Generates and returns the whole text and the reason it stopped.</summary>
    public (string Text, IReadOnlyList<int> TokenIds, FinishReason Finish) GenerateText(IReadOnlyList<int> promptIds, GenerationOptions options, CancellationToken cancellationToken = default)
    {
        var text = new System.Text.StringBuilder();
        var ids = new List<int>();
        var finish = FinishReason.None;
        foreach (var step in Generate(promptIds, options, cancellationToken))
        {
            text.Append(step.Text);
            ids.Add(step.TokenId);
            finish = step.Finish;
        }

        return (text.ToString(), ids, finish);
    }

    private IEnumerable<GeneratedToken> Run(IReadOnlyList<int> promptIds, GenerationOptions options, int contextWindow, CancellationToken cancellationToken)
    {
        var budget = Math.Min(options.MaxNewTokens, contextWindow - promptIds.Count);
        if (budget <= 0)
        {
            yield break;
        }

        var stopIds = options.StopTokenIds.ToHashSet();
        var stops = new StopStringMatcher(options.StopStrings);
        var decoder = new StreamingDecoder(tokenizer);
        var context = new List<int>(promptIds);
        var emitted = 0;
        using var sampler = new TokenSampler(options.Sampling);
        using var cache = model.CreateCache(1, promptIds.Count + budget);
        using var inference = inference_mode();
        var input = promptIds;
        for (var step = 0; step < budget; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int next;
            using (NewDisposeScope())
            {
                var ids = tensor(input.Select(i => (long)i).ToArray(), dtype: ScalarType.Int64).unsqueeze(0);
                var logits = model.forward(ids, cache, lastPositionOnly: true);
                next = sampler.Next(logits[0, 0], context);
            }

            context.Add(next);
            input = [next];
            if (stopIds.Contains(next))
            {
                decoder.Flush();
                yield return new GeneratedToken(next, decoder.Text.Length > emitted ? decoder.Text[emitted..] : string.Empty, FinishReason.Stop);
                yield break;
            }

            decoder.Push(next);
            var text = decoder.Text;
            if (stops.FindFirst(text, Math.Max(0, emitted - stops.LongestLength)) is int cut and >= 0)
            {
                yield return new GeneratedToken(next, cut > emitted ? text[emitted..cut] : string.Empty, FinishReason.Stop);
                yield break;
            }

            var last = step == budget - 1;
            if (last)
            {
                decoder.Flush();
                text = decoder.Text;
            }

            var safeEnd = last ? text.Length : text.Length - stops.HeldBackLength(text);
            var delta = safeEnd > emitted ? text[emitted..safeEnd] : string.Empty;
            emitted = Math.Max(emitted, safeEnd);
            yield return new GeneratedToken(next, delta, last ? FinishReason.Length : FinishReason.None);
        }
    }
}

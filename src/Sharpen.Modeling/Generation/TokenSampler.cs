using TorchSharp;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Generation;

/// <summary>Chooses the next token from a row of logits according to <see cref="SamplingOptions"/>.</summary>
public sealed class TokenSampler : IDisposable
{
    private readonly SamplingOptions _options;
    private readonly Generator? _generator;

    public TokenSampler(SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        if (options.Temperature > 0)
        {
            var seed = options.Seed ?? (ulong)System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue);
            _generator = new Generator(seed);
        }
    }

    /// <summary>Picks an id from <paramref name="logits"/> (shape [vocab]); <paramref name="context"/> feeds the repetition penalty.</summary>
    public int Next(Tensor logits, IReadOnlyCollection<int> context)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(context);
        using var scope = NewDisposeScope();
        var scores = logits.to_type(ScalarType.Float32).clone();
        if (_options.RepetitionPenalty != 1.0 && context.Count > 0)
        {
            // transformers' RepetitionPenaltyLogitsProcessor: shrink positive logits, push negative ones further down.
            var ids = tensor(context.Distinct().Select(i => (long)i).ToArray());
            var seen = scores.gather(0, ids);
            var penalised = where(seen < 0, seen * _options.RepetitionPenalty, seen / _options.RepetitionPenalty);
            scores.scatter_(0, ids, penalised);
        }

        if (_options.Temperature == 0)
        {
            return (int)scores.argmax().item<long>();
        }

        scores /= _options.Temperature;
        var vocab = scores.shape[0];
        if (_options.TopK > 0 && _options.TopK < vocab)
        {
            var kth = scores.topk(_options.TopK).values[-1];
            scores = scores.masked_fill(scores < kth, double.NegativeInfinity);
        }

        if (_options.TopP < 1.0)
        {
            // Keep the smallest prefix of the sorted distribution whose mass reaches top_p (always at least one token).
            var (sorted, order) = scores.sort(descending: true);
            var cumulative = sorted.softmax(0).cumsum(0);
            var removeSorted = (cumulative - sorted.softmax(0)) >= _options.TopP;
            var remove = zeros_like(removeSorted).scatter_(0, order, removeSorted);
            scores = scores.masked_fill(remove, double.NegativeInfinity);
        }

        var probabilities = scores.softmax(0);
        return (int)multinomial(probabilities, 1, replacement: false, generator: _generator).item<long>();
    }

    public void Dispose() => _generator?.Dispose();
}

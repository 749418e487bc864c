using Sharpen.Core.Conversations;
using Sharpen.Core.Diagnostics;
using Sharpen.Evaluation.Reports;
using Sharpen.Evaluation.Scoring;
using Sharpen.Hosting.Inference;
using Sharpen.Modeling.Generation;
using Sharpen.Training.Loss;
using static TorchSharp.torch;

namespace Sharpen.Hosting.Evaluation;

/// <summary>
/// Runs one model system over the test set: greedy generation per example (timed to the first token and per token),
/// and the teacher-forced loss of the reference answer in the same prompt (only the answer's tokens are scored, as in
/// training: the encoder's loss mask).
/// </summary>
internal sealed class ModelAnswers(LoadedModel model, MetricSuite suite, int maxNewTokens, TimeProvider time)
{
    /// <summary>Answers every prompt; <paramref name="prompts"/>[i] is what example i is shown.</summary>
    public SystemResult Run(string name, string description, IReadOnlyList<TestExample> examples, IReadOnlyList<IReadOnlyList<Message>> prompts, double pricePerHour, TextWriter? progress, CancellationToken cancellation)
    {
        var generator = new TextGenerator(model.Model, model.Tokenizer);
        var options = new GenerationOptions { MaxNewTokens = maxNewTokens, StopTokenIds = model.StopTokenIds, Sampling = SamplingOptions.Greedy };
        var results = new List<ExampleResult>(examples.Count);
        var peakReset = ProcessMemory.TryResetPeak();
        var started = time.GetTimestamp();
        for (var i = 0; i < examples.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            results.Add(Answer(generator, options, examples[i], prompts[i], cancellation));
            if (progress is not null && ((i + 1) % 50 == 0 || i + 1 == examples.Count))
            {
                progress.WriteLine($"  {name}: {i + 1}/{examples.Count}");
            }
        }

        var elapsed = time.GetElapsedTime(started).TotalSeconds;
        var tokensIn = results.Sum(r => (long)r.TokensIn);
        var tokensOut = results.Sum(r => (long)r.TokensOut);
        var perToken = results.Where(r => r.MsPerOutputToken is not null).Select(r => r.MsPerOutputToken!.Value).ToList();
        var performance = new SystemPerformance(
            elapsed,
            tokensIn,
            tokensOut,
            results.Average(r => r.TimeToFirstTokenMs ?? 0),
            perToken.Count > 0 ? perToken.Average() : null,
            peakReset ? ProcessMemory.PeakResidentBytes() : null,
            tokensIn + tokensOut > 0 ? pricePerHour * (elapsed / 3600) / ((tokensIn + tokensOut) / 1000.0) : null);
        return new SystemResult(name, description, UsesModel: true, results, performance);
    }

    /// <summary>
    /// The language-model loss of <paramref name="ids"/> where <paramref name="mask"/> is true (nats summed, token
    /// count), or null when the sequence does not fit the context window.
    /// </summary>
    public (double Sum, int Tokens)? Loss(IReadOnlyList<int> ids, IReadOnlyList<bool> mask)
    {
        if (ids.Count < 2 || ids.Count > model.Model.Config.MaxPositionEmbeddings)
        {
            return null;
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = tensor(ids.Select(i => (long)i).ToArray(), [1, ids.Count], ScalarType.Int64);
        var lossMask = tensor(mask.ToArray(), [1, mask.Count]);
        var (sum, _) = CausalLmLoss.Compute(model.Model.Hidden(input), model.Model.OutputWeight, input, lossMask);
        return (sum.item<float>(), mask.Skip(1).Count(m => m));
    }

    private ExampleResult Answer(TextGenerator generator, GenerationOptions options, TestExample example, IReadOnlyList<Message> prompt, CancellationToken cancellation)
    {
        var promptIds = model.EncodeChat(prompt);
        var text = new System.Text.StringBuilder();
        var tokens = 0;
        TimeSpan? firstToken = null;
        var started = time.GetTimestamp();
        foreach (var step in generator.Generate(promptIds, options, cancellation))
        {
            firstToken ??= time.GetElapsedTime(started);
            tokens++;
            text.Append(step.Text);
        }

        var total = time.GetElapsedTime(started);
        var encoded = model.Encoder.Encode(new Conversation([.. prompt, new Message(Role.Assistant, example.Reference)]));
        var loss = Loss(encoded.InputIds, encoded.LossMask);
        return suite.Answer(example.Index, example.Question, example.Reference, text.ToString()) with
        {
            TimeToFirstTokenMs = firstToken?.TotalMilliseconds,
            MsPerOutputToken = tokens > 1 && firstToken is { } first ? (total - first).TotalMilliseconds / (tokens - 1) : null,
            LatencyMs = total.TotalMilliseconds,
            TokensIn = promptIds.Count,
            TokensOut = tokens,
            ReferenceLossSum = loss?.Sum,
            ReferenceTokens = loss?.Tokens ?? 0,
        };
    }
}

using Sharpen.Core.Training;
using Sharpen.Modeling.Checkpoints;
using Sharpen.Modeling.Llama;
using Sharpen.TestKit;
using Sharpen.Training.Budgets;
using Sharpen.Training.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace Sharpen.Training.Tests.Recipes;

public sealed class FineTuneRecipeTests
{
    /// <summary>
    /// The tiny loss-curve regression (STYLE.md 10). Expected losses come from a separately written reference loop in this
    /// test — one example at a time, no padding, no batching machinery, torch's own cross_entropy with ignore_index,
    /// global-norm clipping, the warmup+cosine formula and AdamW's update (Loshchilov and Hutter, Algorithm 2, as in
    /// torch.optim.AdamW) spelled out with tensor ops — not from the trainer itself.
    /// </summary>
    /// <remarks>With 2 threads the step's rows are shared by two data-parallel workers whose gradients are summed, and packed
    /// rows (several examples to a row, attending only within each) are shared the same way: the same reference must
    /// hold.</remarks>
    [Theory]
    [InlineData(1, "length_grouped")]
    [InlineData(2, "length_grouped")]
    [InlineData(2, "packed")]
    public void Start_StoriesTinyRun_LossCurveMatchesIndependentReferenceLoop(int threads, string batching)
    {
        using var temp = new TempDirectory();
        const int steps = 8;
        const double peak = 1e-3, weightDecay = 0.1, maxNorm = 1.0, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        var config = TinyTraining.Config(temp.Path, "training.epochs=8", "training.batch_size=8", "training.weight_decay=0.1", "data.validation=", $"training.threads={threads}", $"data.batching={batching}");

        var result = TrainingRun.Start(config);
        var actual = RunFolder.TrainLosses(result.RunDirectory);

        var expected = ReferenceLosses(TinyTraining.Tokenize(TinyTraining.Stories), steps, peak, warmup: 2, weightDecay, maxNorm, beta1, beta2, eps);
        Assert.Equal(steps, actual.Count);
        for (var i = 0; i < steps; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i].Loss) < 2e-4, $"step {i + 1}: reference {expected[i]:F6}, trainer {actual[i].Loss:F6}");
        }

        Assert.True(actual[^1].Loss < actual[0].Loss - 0.5, "eight steps at 1e-3 should lower the loss noticeably");
    }

    /// <summary>
    /// STYLE.md 7: steps leak no tensors. Live counts are sampled by a sink after every step; from step 10 to step 52 —
    /// through 42 steps, 4 validation passes and 2 checkpoint saves — they must not grow. (Whole-run before/after is not
    /// compared: loading and disposing a LlamaForCausalLM alone leaves 46 wrappers counted in Tensor.TotalCount.)
    /// </summary>
    [Theory]
    [InlineData("full", 1)]
    [InlineData("lora", 2)]
    public void Start_FiftySteps_LeaksNoTensors(string method, int threads)
    {
        using var temp = new TempDirectory();
        var config = TinyTraining.Config(temp.Path, "training.epochs=13", "training.batch_size=2", "evaluation.every_steps=10", "checkpoint.every_steps=25", $"model.method={method}", $"training.threads={threads}");
        var counts = new List<(long Total, long ThreadLive)>();
        using var sink = new RecordingSink(_ => counts.Add((Tensor.TotalCount, DisposeScopeManager.Statistics.ThreadTotalLiveCount)));

        // Earlier tests' undisposed garbage would be finalized mid-run and lower the counts: settle it first.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var result = TrainingRun.Start(config, new TrainingRunOptions { Sinks = [sink] });

        Assert.Equal(52, result.Steps);
        Assert.Equal(counts[9], counts[^1]);
    }

    /// <summary>bf16 compute with fp32 masters tracks the fp32 reference path closely over a few steps — also with two
    /// data-parallel workers, whose bf16 gradients are summed into the fp32 masters and whose shared replica takes the
    /// update slice by slice.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Start_BFloat16Compute_TracksFloat32Losses(int threads)
    {
        using var fp32Dir = new TempDirectory();
        using var bf16Dir = new TempDirectory();
        string[] settings = ["training.epochs=8", "training.batch_size=8", "data.validation="];
        var fp32 = TrainingRun.Start(TinyTraining.Config(fp32Dir.Path, settings));
        var bf16 = TrainingRun.Start(TinyTraining.Config(bf16Dir.Path, [.. settings, "model.compute_dtype=bfloat16", $"training.threads={threads}"]));

        var reference = RunFolder.TrainLosses(fp32.RunDirectory);
        var mixed = RunFolder.TrainLosses(bf16.RunDirectory);
        Assert.Equal(8, mixed.Count);
        for (var i = 0; i < 8; i++)
        {
            Assert.True(Math.Abs(reference[i].Loss - mixed[i].Loss) < 0.1, $"step {i + 1}: fp32 {reference[i].Loss}, bf16 {mixed[i].Loss}");
        }

        Assert.NotEqual(reference[1].Loss, mixed[1].Loss);
        // The updates reach the bf16 weights that compute: eight steps at 1e-3 lower the loss as they do in fp32.
        Assert.True(mixed[^1].Loss < mixed[0].Loss - 0.5, $"bf16 loss went from {mixed[0].Loss} to {mixed[^1].Loss}");
    }

    [Fact]
    public void Start_MaxStepsBudget_StopsAtThatStepAndRecordsTheBudget()
    {
        using var temp = new TempDirectory();
        var config = TinyTraining.Config(temp.Path, "budget.max_steps=5");

        var result = TrainingRun.Start(config);

        Assert.Equal((RunStatus.Stopped, StopReason.MaxSteps, 5L), (result.Status, result.StopReason, result.Steps));
        Assert.Equal(5, RunFolder.TrainLosses(result.RunDirectory).Count);
        Assert.Contains(TrainingEventKinds.BudgetReached, RunFolder.EventKinds(result.RunDirectory));
        Assert.True(Directory.Exists(Path.Combine(result.RunDirectory, "checkpoints", "step-5")));
        Assert.Contains("\"stop_reason\": \"max_steps\"", File.ReadAllText(Path.Combine(result.RunDirectory, "status.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_MaxTimeBudgetWithManualClock_StopsAtTheFirstStepAtOrOverTheLimit()
    {
        using var temp = new TempDirectory();
        var clock = new ManualClock();
        using var sink = new RecordingSink(_ => clock.Advance(TimeSpan.FromSeconds(10)));
        var config = TinyTraining.Config(temp.Path, "budget.max_time=25s");

        var result = TrainingRun.Start(config, new TrainingRunOptions { Time = clock, Sinks = [sink] });

        // 10 s per step: 20 s after step 2 (< 25 s), 30 s after step 3.
        Assert.Equal((StopReason.MaxTime, 3L), (result.StopReason, result.Steps));
    }

    [Fact]
    public void Start_MaxCostBudget_StopsWhenHoursTimesPriceReachesIt()
    {
        using var temp = new TempDirectory();
        var clock = new ManualClock();
        using var sink = new RecordingSink(_ => clock.Advance(TimeSpan.FromMinutes(30)));
        var config = TinyTraining.Config(temp.Path, "budget.max_cost=3", "budget.price_per_hour=2");

        var result = TrainingRun.Start(config, new TrainingRunOptions { Time = clock, Sinks = [sink] });

        // Half an hour per step at 2/hour: 1 per step, so the cost reaches 3 after step 3.
        Assert.Equal((StopReason.MaxCost, 3L), (result.StopReason, result.Steps));
    }

    [Fact]
    public void Start_MaxTokensBudget_StopsAtTheFirstStepReachingIt()
    {
        using var temp = new TempDirectory();
        using var sink = new RecordingSink();
        var config = TinyTraining.Config(temp.Path, "budget.max_tokens=100");

        var result = TrainingRun.Start(config, new TrainingRunOptions { Sinks = [sink] });

        var cumulative = 0L;
        var expectedStep = sink.Steps.First(s => (cumulative += s.Tokens) >= 100).Step;
        Assert.Equal((StopReason.MaxTokens, expectedStep), (result.StopReason, result.Steps));
        Assert.Equal(result.Steps, sink.Steps.Count);
    }

    [Fact]
    public void Start_EarlyStopping_StopsAfterPatienceAndRestoresBestWeights()
    {
        using var temp = new TempDirectory();

        // min_delta = 100 makes every evaluation after the first a non-improvement, whatever the losses are.
        var config = TinyTraining.Config(temp.Path, "training.epochs=10", "evaluation.every_steps=2", "early_stopping.enabled=true", "early_stopping.patience=2", "early_stopping.min_delta=100");

        var result = TrainingRun.Start(config);

        var evals = RunFolder.EvalLosses(result.RunDirectory);
        Assert.Equal(StopReason.EarlyStopping, result.StopReason);
        Assert.Equal(3, evals.Count);
        Assert.Equal(RunFolder.BaselineLoss(result.RunDirectory), result.BaselineValidationLoss);
        Assert.Equal(evals[0].Step, result.BestStep);
        Assert.Equal(evals[0].Loss, result.BestValidationLoss);
        Assert.Equal(Path.Combine(result.RunDirectory, "best"), result.ModelDirectory);
        Assert.Contains(TrainingEventKinds.BestRestored, RunFolder.EventKinds(result.RunDirectory));

        // The weights handed on reproduce the best validation loss; the last checkpoint's do not.
        Assert.Equal(evals[0].Loss, ValidationLoss(result.ModelDirectory), 5);
        Assert.NotEqual(evals[0].Loss, ValidationLoss(Path.Combine(result.RunDirectory, "checkpoints", $"step-{result.Steps}")), 5);
    }

    /// <summary>Mean validation cross-entropy of the weights in <paramref name="checkpointDirectory"/> (reference computation).</summary>
    private static double ValidationLoss(string checkpointDirectory)
    {
        using var scope = NewDisposeScope();
        using var model = LlamaForCausalLM.FromPretrained(TinyTraining.ModelDirectory);
        using (var checkpoint = SafetensorsCheckpoint.Load(Path.Combine(checkpointDirectory, "model.safetensors")))
        {
            model.LoadWeights(checkpoint.Names, n => checkpoint.GetInfo(n).Shape, n => checkpoint.ReadTensor(n), checkpointDirectory);
        }

        using var noGrad = no_grad();
        double sum = 0;
        long count = 0;
        foreach (var example in TinyTraining.Tokenize(TinyTraining.ValidationStories))
        {
            var (loss, targets) = ReferenceExampleLoss(model, example);
            sum += loss.item<float>();
            count += targets;
        }

        return sum / count;
    }

    /// <summary>Summed cross-entropy of one example through torch's cross_entropy with ignore_index.</summary>
    private static (Tensor Loss, long Targets) ReferenceExampleLoss(LlamaForCausalLM model, TokenizedExample example)
    {
        var ids = tensor(example.InputIds.Select(i => (long)i).ToArray(), [1, example.InputIds.Length]);
        var logits = model.forward(ids)[0];
        var targets = new long[example.InputIds.Length - 1];
        long count = 0;
        for (var t = 1; t < example.InputIds.Length; t++)
        {
            targets[t - 1] = example.LossMask[t] ? example.InputIds[t] : -100;
            count += example.LossMask[t] ? 1 : 0;
        }

        var loss = nn.functional.cross_entropy(logits.narrow(0, 0, targets.Length), tensor(targets), ignore_index: -100, reduction: nn.Reduction.Sum);
        return (loss, count);
    }

    private static List<double> ReferenceLosses(IReadOnlyList<TokenizedExample> examples, int steps, double peak, int warmup, double weightDecay, double maxNorm, double beta1, double beta2, double eps)
    {
        torch.set_num_threads(1);
        using var model = LlamaForCausalLM.FromPretrained(TinyTraining.ModelDirectory);
        var parameters = model.named_parameters().ToList();
        var m = parameters.Select(p => zeros_like(p.parameter)).ToList();
        var v = parameters.Select(p => zeros_like(p.parameter)).ToList();
        var losses = new List<double>();
        for (var step = 1; step <= steps; step++)
        {
            // Warmup then cosine, as documented for training.lr_scheduler=cosine.
            var lr = step <= warmup ? peak * step / warmup : peak * 0.5 * (1 + Math.Cos(Math.PI * (step - warmup - 1) / (steps - warmup)));
            foreach (var (_, p) in parameters)
            {
                p.grad?.zero_();
            }

            var total = examples.Sum(e => (long)e.LossMask.Skip(1).Count(b => b));
            double stepLoss = 0;
            foreach (var example in examples)
            {
                using var scope = NewDisposeScope();
                var (loss, _) = ReferenceExampleLoss(model, example);
                (loss / total).backward();
                stepLoss += loss.item<float>();
            }

            losses.Add(stepLoss / total);
            using var noGrad = no_grad();
            using var stepScope = NewDisposeScope();
            var norm = Math.Sqrt(parameters.Sum(p => p.parameter.grad!.pow(2).sum().item<float>()));
            var clip = norm > maxNorm ? maxNorm / (norm + 1e-6) : 1.0;
            for (var i = 0; i < parameters.Count; i++)
            {
                var (name, p) = parameters[i];
                var g = p.grad! * clip;
                if (!name.Contains("norm", StringComparison.Ordinal))
                {
                    p.mul_(1 - (lr * weightDecay));
                }

                m[i].mul_(beta1).add_(g * (1 - beta1));
                v[i].mul_(beta2).add_(g * g * (1 - beta2));
                var mHat = m[i] / (1 - Math.Pow(beta1, step));
                var vHat = v[i] / (1 - Math.Pow(beta2, step));
                p.sub_(mHat / (vHat.sqrt() + eps) * lr);
            }
        }

        return losses;
    }
}

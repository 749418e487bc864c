using System.Globalization;
using Sharpen.Core.Conversations;
using Sharpen.Data.Reading;
using Sharpen.Evaluation.Baselines;
using Sharpen.Evaluation.Reports;
using Sharpen.Evaluation.Scoring;
using Sharpen.Evaluation.Tasks;
using Sharpen.Hosting.Inference;
using Sharpen.Modeling.Runtime;
using Sharpen.Training.Config;

namespace Sharpen.Hosting.Evaluation;

/// <summary>
/// <c>sharpen eval</c>: answers a held-out test set with the tuned model and three baselines — the base model zero-shot,
/// the base model shown k training examples, and BM25 retrieval over the training split — under the same greedy
/// decoding; scores them with the task's metrics; compares tuned with every baseline (paired bootstrap, McNemar);
/// decides deploy / don't deploy; checks forgetting on general text; and writes the report folder.
/// Models are loaded one at a time (tuned, then base for both base systems), so memory holds one model.
/// </summary>
public static class EvaluationService
{
    private const string RunConfigFile = "config.resolved.yaml";

    public static EvaluationOutcome Run(EvaluationRequest request, TextWriter? progress = null, TimeProvider? time = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        time ??= TimeProvider.System;
        if (request.Threads > 0)
        {
            TorchRuntime.SetThreads(request.Threads);
        }

        var tunedDirectory = Path.GetFullPath(request.Tuned);
        if (!Directory.Exists(tunedDirectory))
        {
            throw new DirectoryNotFoundException($"Tuned model '{request.Tuned}' does not exist (give a run folder, a merged model folder or an adapter folder).");
        }

        var run = File.Exists(Path.Combine(tunedDirectory, RunConfigFile))
            ? new TrainingConfigBuilder().AddYamlFile(Path.Combine(tunedDirectory, RunConfigFile)).Build()
            : null;
        var baseDirectory = Path.GetFullPath(request.Base ?? run?.Model.Path
            ?? (ModelLoader.IsAdapter(tunedDirectory) ? ModelLoader.AdapterBase(tunedDirectory) : null)
            ?? throw new ArgumentException($"'{request.Tuned}' is not a run folder: give the base model with --base."));
        var trainFile = request.Train ?? run?.Data.Train
            ?? throw new ArgumentException("No training split: give --train FILE (k-shot examples and the retrieval index come from it).");
        var testFile = request.Test ?? DefaultTestFile(trainFile)
            ?? throw new ArgumentException($"No test split: give --test FILE (looked for test.jsonl beside {trainFile}).");
        var price = request.PricePerHour ?? run?.Budget.PricePerHour ?? 0;
        var output = request.Output ?? Path.Combine(tunedDirectory, "report");

        var allTest = TestExample.Read(testFile);
        var train = TestExample.Read(trainFile);
        var test = Sample(allTest, request.Limit, request.Seed);
        var detection = Detect(request.Task, allTest, train);
        var suite = MetricSuite.For(detection.Task);
        var notes = new List<string>();
        progress?.WriteLine($"task: {detection.Task.ToString().ToLowerInvariant()} ({detection.Reason}); {test.Count} of {allTest.Count} test examples"
            + (request.Limit is { } l && l < allTest.Count ? $" (--limit {l})" : string.Empty));

        var index = new Bm25Index(train.Select(t => t.Question));
        var retrieval = Retrieval(index, train, test, suite, time);

        SystemResult tuned;
        (double Sum, int Tokens)? tunedGeneral = null;
        int maxNewTokens;
        string maxNewTokensSource;
        string promptFormat;
        var general = request.General is { } generalFile ? ReadGeneral(generalFile, request.GeneralLimit) : null;
        using (var model = ModelLoader.Load(tunedDirectory, request.DType, request.Base ?? baseDirectory))
        {
            (maxNewTokens, maxNewTokensSource) = MaxNewTokens(request.MaxNewTokens, model, test);
            promptFormat = model.PromptFormat.Name;
            progress?.WriteLine($"tuned: {tunedDirectory} (prompt format {promptFormat}, max new tokens {maxNewTokens})");
            var answers = new ModelAnswers(model, suite, maxNewTokens, time);
            tuned = answers.Run(SystemResult.Tuned, $"the tuned model ({Describe(tunedDirectory, run)}), zero-shot", test, [.. test.Select(t => t.Prompt)], price, progress, cancellation);
            tunedGeneral = general is null ? null : GeneralLoss(answers, model, general);
        }

        SystemResult zeroShot, kShot;
        (double Sum, int Tokens)? baseGeneral = null;
        using (var model = ModelLoader.Load(baseDirectory, request.DType))
        {
            progress?.WriteLine($"base: {baseDirectory}");
            var answers = new ModelAnswers(model, suite, maxNewTokens, time);
            zeroShot = answers.Run(SystemResult.Base, "the base model, zero-shot, in the same prompt format", test, [.. test.Select(t => t.Prompt)], price, progress, cancellation);
            var shots = new KShotPrompts(index, train, request.K, request.Seed);
            var window = model.Model.Config.MaxPositionEmbeddings - maxNewTokens;
            var prompts = test.Select(t => shots.Build(t, p => model.EncodeChat(p).Count <= window)).ToList();
            if (shots.Dropped > 0)
            {
                notes.Add($"base-k-shot: {shots.Dropped} shots were dropped (least similar first) so prompts fit the {model.Model.Config.MaxPositionEmbeddings}-token context with {maxNewTokens} new tokens.");
            }

            kShot = answers.Run(SystemResult.BaseKShot, $"the base model shown {request.K} training examples as prior turns ({KShotPrompts.Selection})", test, prompts, price, progress, cancellation);
            baseGeneral = general is null ? null : GeneralLoss(answers, model, general);
        }

        ForgettingCheck? forgetting = null;
        if (general is not null && tunedGeneral is { } t && baseGeneral is { } b && t.Tokens > 0 && b.Tokens > 0)
        {
            forgetting = new ForgettingCheck(Path.GetFullPath(request.General!), general.Count, b.Sum / b.Tokens, t.Sum / t.Tokens, request.Policy.ForgettingThreshold);
        }

        if (tuned.Examples.Any(e => e.ReferenceLossSum is null))
        {
            notes.Add("held-out loss is not reported: some prompt + answer sequences are longer than the model's context.");
        }

        var settings = new EvaluationSettings
        {
            TunedModel = tunedDirectory,
            BaseModel = baseDirectory,
            TestFile = Path.GetFullPath(testFile),
            TrainFile = Path.GetFullPath(trainFile),
            GeneralFile = request.General is null ? null : Path.GetFullPath(request.General),
            TestExamples = allTest.Count,
            Limit = request.Limit is { } limit && limit < allTest.Count ? limit : null,
            K = request.K,
            KShotSelection = KShotPrompts.Selection,
            MaxNewTokens = maxNewTokens,
            MaxNewTokensSource = maxNewTokensSource,
            Seed = request.Seed,
            PricePerHour = price,
            Policy = request.Policy,
            PromptFormat = promptFormat,
        };
        var report = EvaluationAnalyzer.Analyze(settings, detection, tuned, [zeroShot, kShot, retrieval], time.GetUtcNow(), forgetting, run is null ? null : RunCurves.Read(tunedDirectory), notes);
        var written = ReportWriter.Write(report, output);
        return new EvaluationOutcome(report, written);
    }

    /// <summary>test.jsonl beside the training file (the layout <c>sharpen data prepare</c> writes), if it exists.</summary>
    private static string? DefaultTestFile(string trainFile)
    {
        var candidate = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(trainFile))!, "test.jsonl");
        return File.Exists(candidate) ? candidate : null;
    }

    /// <summary>A seeded sample of <paramref name="limit"/> examples in file order (the prepared test split is grouped by label, so its head would be one class).</summary>
    private static List<TestExample> Sample(List<TestExample> examples, int? limit, int seed)
    {
        if (limit is not { } n || n >= examples.Count)
        {
            return examples;
        }

        var order = Enumerable.Range(0, examples.Count).ToArray();
        new Random(seed).Shuffle(order);
        return [.. order.Take(n).Order().Select(i => examples[i])];
    }

    private static TaskDetection Detect(TaskType? given, List<TestExample> test, List<TestExample> train)
    {
        var detected = TaskDetector.Detect([.. test.Select(t => t.Reference)], [.. train.Select(t => t.Reference)]);
        return given is not { } task || task == detected.Task
            ? detected
            : new TaskDetection(task, $"given with --task (detection said {detected.Task.ToString().ToLowerInvariant()}: {detected.Reason})", task == TaskType.Classification ? detected.Labels : []);
    }

    /// <summary>
    /// Given, or the longest reference answer in the model's tokens plus a quarter (at least 4 tokens) of margin, so
    /// a model that answers right is never cut short and one that rambles is not run for long.
    /// </summary>
    private static (int Tokens, string Source) MaxNewTokens(int? given, LoadedModel model, List<TestExample> test)
    {
        if (given is { } n)
        {
            return (n, "given with --max-new-tokens");
        }

        var longest = test.Max(t => model.Tokenizer.Encode(t.Reference, addSpecialTokens: false).Count);
        var margin = Math.Max(4, longest / 4);
        return (longest + margin, $"longest reference {longest} tokens + {margin}");
    }

    private static SystemResult Retrieval(Bm25Index index, List<TestExample> train, List<TestExample> test, MetricSuite suite, TimeProvider time)
    {
        var results = new List<ExampleResult>(test.Count);
        var started = time.GetTimestamp();
        foreach (var example in test)
        {
            var begun = time.GetTimestamp();
            var (nearest, _) = index.Search(example.Question)[0];
            var answer = train[nearest].Reference;
            results.Add(suite.Answer(example.Index, example.Question, example.Reference, answer) with
            {
                LatencyMs = time.GetElapsedTime(begun).TotalMilliseconds,
            });
        }

        var performance = new SystemPerformance(time.GetElapsedTime(started).TotalSeconds, 0, 0, null, null, null, null);
        return new SystemResult(SystemResult.Retrieval, "BM25 over the training prompts; answers with the nearest training example's answer (no model)", UsesModel: false, results, performance);
    }

    /// <summary>The first <paramref name="limit"/> texts of a general set: each example's turns joined by newlines.</summary>
    private static List<string> ReadGeneral(string path, int limit)
    {
        var texts = ConversationReader.Read(path).Take(limit).Select(c => string.Join('\n', c.Messages.Select(m => m.Content))).ToList();
        return texts.Count > 0 ? texts : throw new InvalidDataException($"{path}: no texts for the forgetting check.");
    }

    /// <summary>Plain language-model loss over every token of each text (BOS first, no prompt format), truncated to the context.</summary>
    private static (double Sum, int Tokens) GeneralLoss(ModelAnswers answers, LoadedModel model, List<string> texts)
    {
        double sum = 0;
        var tokens = 0;
        var window = model.Model.Config.MaxPositionEmbeddings;
        foreach (var text in texts)
        {
            var ids = model.Tokenizer.Encode(text, addSpecialTokens: true).Take(window).ToList();
            if (answers.Loss(ids, [.. ids.Select(_ => true)]) is { } loss)
            {
                sum += loss.Sum;
                tokens += loss.Tokens;
            }
        }

        return (sum, tokens);
    }

    private static string Describe(string directory, TrainingConfig? run) => run is not null
        ? string.Create(CultureInfo.InvariantCulture, $"{run.Model.Method.ToString().ToLowerInvariant()} run {Path.GetFileName(directory)}")
        : ModelLoader.IsAdapter(directory) ? $"PEFT adapter {Path.GetFileName(directory)}" : $"model folder {Path.GetFileName(directory)}";
}

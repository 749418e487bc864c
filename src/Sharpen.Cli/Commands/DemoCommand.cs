using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Sharpen.Data.Analysis;
using Sharpen.Data.Formats;
using Sharpen.Data.Preparation;
using Sharpen.Data.Validation;
using Sharpen.Hosting.Data;
using Sharpen.Hosting.Evaluation;
using Sharpen.Hosting.Training;
using Spectre.Console;

namespace Sharpen.Cli.Commands;

/// <summary>
/// <c>sharpen demo</c>: the whole job on the bundled defaults, run from the repository root — prepare Banking77, fine-tune
/// stories260K with configs/banking77-lora.yaml, evaluate against the base model, k-shot prompting and retrieval, export
/// the merged model — then print the verdict and where the report is. Each step is the same service its own command uses.
/// </summary>
internal static class DemoCommand
{
    private const string ConfigPath = "configs/banking77-lora.yaml";

    public static Command Create(IAnsiConsole console, TextWriter stdout)
    {
        var limit = new Option<int>("--limit") { Description = "Test examples evaluated (a seeded sample; 0 = the whole test split).", DefaultValueFactory = _ => 300 };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs (the config says 3; the demo runs 2 to stay under 15 minutes on a shared 2-core machine).", DefaultValueFactory = _ => 2 };
        var maxSteps = new Option<long?>("--max-steps") { Description = "Also cap the fine-tune at this many steps." };
        var threads = new Option<int>("--threads") { Description = "libtorch threads for training and evaluation (1 suits the tiny model on a shared machine).", DefaultValueFactory = _ => 1 };
        var command = new Command("demo", "Run the whole job on the bundled defaults: prepare Banking77, fine-tune stories260K, evaluate, export.") { limit, epochs, maxSteps, threads };
        command.SetAction((parse, cancellation) =>
        {
            var root = FindRepository();
            var shared = Path.GetFullPath(Path.Combine(root, "..", "shared"));
            var raw = Path.Combine(shared, "data", "banking77", "train.csv");
            if (!File.Exists(raw))
            {
                throw new FileNotFoundException($"The demo needs the shared data folder beside the repository: '{raw}' is missing.", raw);
            }

            var total = Stopwatch.StartNew();
            var stage = Stopwatch.StartNew();
            console.MarkupLine("[bold]1/4 prepare[/] Banking77 → data/banking77 (dedup, stratified 80/10/10 split)");
            var prepared = DataService.Prepare(
                new PrepareOptions
                {
                    InputPath = raw,
                    OutputDirectory = Path.Combine(root, "data", "banking77"),
                    Analysis = new ValidationOptions { Read = new DatasetReadOptions { Columns = ColumnMapping.Classification("text", "category") } },
                },
                Path.Combine(shared, "models", "stories260K-hf"));
            console.MarkupLine(Markup.Escape(Invariant($"   {File.ReadLines(prepared.SplitPaths["train"]).Count()} train / {File.ReadLines(prepared.SplitPaths["validation"]).Count()} validation / {File.ReadLines(prepared.SplitPaths["test"]).Count()} test examples ({stage.Elapsed.TotalSeconds:0.0} s)")));

            stage.Restart();
            var runId = "banking77-demo-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            var epochCount = parse.GetValue(epochs);
            console.MarkupLine(Markup.Escape(Invariant($"2/4 fine-tune stories260K with {ConfigPath} (LoRA), {epochCount} epochs (--epochs; the config says 3) → runs/{runId}")));
            var overrides = new List<string> { $"output.run_id={runId}", Invariant($"training.epochs={epochCount}"), Invariant($"training.threads={parse.GetValue(threads)}") };
            if (parse.GetValue(maxSteps) is { } steps)
            {
                overrides.Add(Invariant($"budget.max_steps={steps}"));
            }

            var run = TrainingService.Start(Path.Combine(root, ConfigPath), overrides, stdout, cancellation);
            console.MarkupLine(Markup.Escape(Invariant($"   {run.Steps} steps ({run.StopReason}); validation loss {run.BaselineValidationLoss:0.000} (base) → {run.BestValidationLoss:0.000} ({stage.Elapsed.TotalMinutes:0.0} min)")));

            stage.Restart();
            var requested = parse.GetValue(limit);
            console.MarkupLine("[bold]3/4 evaluate[/] tuned vs base zero-shot, base 4-shot and BM25 retrieval"
                + (requested > 0 ? Markup.Escape($" on a seeded sample of {requested} test examples (--limit {requested}; --limit 0 for all)") : " on the whole test split"));
            var outcome = EvaluationService.Run(
                new EvaluationRequest
                {
                    Tuned = run.RunDirectory,
                    Limit = requested > 0 ? requested : null,
                    General = Path.Combine(shared, "data", "gsm8k", "test.jsonl"),
                    GeneralLimit = 100,
                    Threads = parse.GetValue(threads),
                },
                stdout,
                cancellation: cancellation);
            EvalCommand.Print(console, outcome);
            console.MarkupLine(Markup.Escape(Invariant($"   ({stage.Elapsed.TotalMinutes:0.0} min)")));

            stage.Restart();
            console.MarkupLine("[bold]4/4 export[/] merged Hugging Face folder (the run also trained the embeddings, which a PEFT adapter cannot carry)");
            var exported = TrainingService.Export(run.RunDirectory, "merged", null, overwrite: false);
            console.MarkupLine(Markup.Escape(Invariant($"   → {exported} ({stage.Elapsed.TotalSeconds:0.0} s)")));

            console.MarkupLine(Markup.Escape(Invariant($"done in {total.Elapsed.TotalMinutes:0.0} min. Verdict: {outcome.Report.Verdict.Label.ToUpperInvariant()}. Report: {Path.Combine(outcome.ReportDirectory, "report.html")}")));
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>The repository root: the nearest folder at or above the current one that holds the demo config.</summary>
    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, ConfigPath)))
            {
                return dir.FullName;
            }
        }

        throw new FileNotFoundException($"Run the demo from the repository: no {ConfigPath} at or above '{Environment.CurrentDirectory}'.");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

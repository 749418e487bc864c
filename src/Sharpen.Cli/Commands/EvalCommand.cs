using System.CommandLine;
using Sharpen.Evaluation.Reports;
using Sharpen.Evaluation.Tasks;
using Sharpen.Evaluation.Verdicts;
using Sharpen.Hosting.Evaluation;
using Sharpen.Hosting.Inference;
using Spectre.Console;

namespace Sharpen.Cli.Commands;

/// <summary>
/// <c>sharpen eval RUN_DIR|MODEL</c>: the tuned model against the base model zero-shot, the base model k-shot and BM25
/// retrieval on a held-out split, with intervals, significance and a deploy / don't deploy verdict.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(IAnsiConsole console, TextWriter stdout)
    {
        var tuned = new Argument<string>("model") { Description = "The tuned model: a run folder (runs/<id>), a merged model folder, or a PEFT adapter folder." };
        var baseModel = new Option<string?>("--base") { Description = "Base model folder (default: the run's model.path or the adapter's base)." };
        var test = new Option<string?>("--test") { Description = "Held-out test split (default: test.jsonl beside the run's training file)." };
        var train = new Option<string?>("--train") { Description = "Training split for k-shot examples and retrieval (default: the run's data.train)." };
        var general = new Option<string?>("--general") { Description = "General text unrelated to the task, for the forgetting check (e.g. ../shared/data/gsm8k/test.jsonl)." };
        var generalLimit = new Option<int>("--general-limit") { Description = "Texts of the general set used.", DefaultValueFactory = _ => 200 };
        var k = new Option<int>("--k") { Description = "Training examples shown to the k-shot baseline.", DefaultValueFactory = _ => 4 };
        var limit = new Option<int?>("--limit") { Description = "Evaluate a seeded sample of N test examples." };
        var maxNew = new Option<int?>("--max-new-tokens") { Description = "Tokens generated per answer (default: longest reference + 25%)." };
        var significance = new Option<double>("--significance") { Description = "p-value the gain must stay below to deploy.", DefaultValueFactory = _ => 0.05 };
        var minGain = new Option<double>("--min-gain") { Description = "Least relative gain over the best baseline to deploy (0.2 = 20%).", DefaultValueFactory = _ => 0.2 };
        var forgetting = new Option<double>("--forgetting-threshold") { Description = "Relative rise of general-text loss flagged as forgetting (0.1 = 10%).", DefaultValueFactory = _ => 0.1 };
        var task = new Option<string>("--task") { Description = "auto | classification | generation | numeric.", DefaultValueFactory = _ => "auto" };
        task.AcceptOnlyFromAmong("auto", "classification", "generation", "numeric");
        var price = new Option<double?>("--price-per-hour") { Description = "Cost of an hour of this machine, for cost per 1,000 tokens (default: the run's budget.price_per_hour, else 0)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the test sample, k-shot fill-ins and bootstrap.", DefaultValueFactory = _ => 42 };
        var output = new Option<string?>("--out", "-o") { Description = "Report folder (default: MODEL/report)." };
        var dtype = new Option<string>("--dtype") { Description = "Model precision: float32 or bfloat16.", DefaultValueFactory = _ => "float32" };
        dtype.AcceptOnlyFromAmong("float32", "bfloat16", "fp32", "bf16");
        var threads = new Option<int>("--threads") { Description = "libtorch threads (0 = its default, one per core).", DefaultValueFactory = _ => 0 };
        var command = new Command("eval", "Evaluate a fine-tune against the base model, k-shot prompting and retrieval; prints the verdict.")
        {
            tuned, baseModel, test, train, general, generalLimit, k, limit, maxNew, significance, minGain, forgetting, task, price, seed, output, dtype, threads,
        };
        command.SetAction((parse, cancellation) =>
        {
            var request = new EvaluationRequest
            {
                Tuned = parse.GetValue(tuned)!,
                Base = parse.GetValue(baseModel),
                Test = parse.GetValue(test),
                Train = parse.GetValue(train),
                General = parse.GetValue(general),
                GeneralLimit = parse.GetValue(generalLimit),
                K = parse.GetValue(k),
                Limit = parse.GetValue(limit),
                MaxNewTokens = parse.GetValue(maxNew),
                Task = parse.GetValue(task) switch
                {
                    "classification" => TaskType.Classification,
                    "generation" => TaskType.Generation,
                    "numeric" => TaskType.Numeric,
                    _ => null,
                },
                PricePerHour = parse.GetValue(price),
                Seed = parse.GetValue(seed),
                Output = parse.GetValue(output),
                DType = ModelLoader.ParseDType(parse.GetValue(dtype)!),
                Threads = parse.GetValue(threads),
                Policy = new VerdictPolicy
                {
                    Significance = parse.GetValue(significance),
                    MinRelativeGain = parse.GetValue(minGain),
                    ForgettingThreshold = parse.GetValue(forgetting),
                },
            };
            var outcome = EvaluationService.Run(request, stdout, cancellation: cancellation);
            Print(console, outcome);
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>The compact table, the verdict and where the report is.</summary>
    public static void Print(IAnsiConsole console, EvaluationOutcome outcome)
    {
        var report = outcome.Report;
        var metrics = report.Suite.Metrics.Where(m => report.Estimates.Any(e => e.Metric == m.Key)).ToList();
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("system");
        foreach (var metric in metrics)
        {
            table.AddColumn(Markup.Escape(metric.Key == report.Suite.Primary ? metric.Label + " [95% CI]" : metric.Label));
        }

        table.AddColumn("ms/token");
        table.AddColumn(Markup.Escape("tuned − this [95% CI], p"));
        foreach (var system in report.Systems)
        {
            var cells = new List<string> { system.Name };
            foreach (var metric in metrics)
            {
                cells.Add(report.Estimate(system.Name, metric.Key) is not { } e ? "—"
                    : metric.Key == report.Suite.Primary ? $"{ReportText.Value(metric.Key, e.Value)} {ReportText.Interval(metric.Key, e.Lower, e.Upper)}"
                    : ReportText.Value(metric.Key, e.Value));
            }

            cells.Add(ReportText.Optional(system.Performance.MeanMsPerOutputToken, "0.00"));
            var c = report.Comparisons.FirstOrDefault(c => c.Baseline == system.Name && c.Metric == report.Suite.Primary);
            cells.Add(c is null ? "—" : $"{ReportText.Difference(c.Metric, c.Interval.Difference)} {ReportText.DifferenceInterval(c.Metric, c.Interval.Lower, c.Interval.Upper)}, p {ReportText.PValue(c.PValue)}");
            table.AddRow([.. cells.Select(Markup.Escape)]);
        }

        console.Write(table);
        if (report.Forgetting is { } f)
        {
            console.MarkupLine(Markup.Escape(ReportText.Invariant($"forgetting: general-text loss {f.BaseLoss:0.000} → {f.TunedLoss:0.000} ({f.RelativeChange:+0.0%;-0.0%;0%})")) + (f.Flagged ? " [red]flagged[/]" : " (not flagged)"));
        }

        var v = report.Verdict;
        console.MarkupLine((v.Deploy ? "[green bold]Verdict: DEPLOY[/] — " : "[red bold]Verdict: DON'T DEPLOY[/] — ") + Markup.Escape(v.Explanation));
        console.MarkupLine("report: " + Markup.Escape(Path.Combine(outcome.ReportDirectory, ReportWriter.Html)) + " (also report.md, results.jsonl, summary.json)");
    }
}

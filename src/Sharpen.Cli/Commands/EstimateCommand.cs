using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sharpen.Hosting.Training;
using Sharpen.Training.Estimation;
using Spectre.Console;

namespace Sharpen.Cli.Commands;

/// <summary><c>sharpen estimate CONFIG.yaml [--set key=value]...</c>: time, memory and cost of a training job, from a probe run.</summary>
internal static class EstimateCommand
{
    public static Command Create(IAnsiConsole console, TextWriter stdout)
    {
        var config = new Argument<string>("config") { Description = "Training config (YAML), as for 'sharpen train'." };
        var set = new Option<string[]>("--set") { Description = "Override a config key, e.g. --set training.epochs=1 (repeatable)." };
        var probeSteps = new Option<int>("--probe-steps") { Description = "Real training steps the probe runs.", DefaultValueFactory = _ => 20 };
        var probeTime = new Option<TimeSpan>("--probe-time") { Description = "Longest the probe may run (hh:mm:ss).", DefaultValueFactory = _ => TimeSpan.FromMinutes(2) };
        var price = new Option<double?>("--price-per-hour") { Description = "Price of an hour of this machine (default: budget.price_per_hour)." };
        var json = new Option<bool>("--json") { Description = "Print the estimate as JSON." };
        var command = new Command("estimate", "Predict a training job's wall time, peak memory and cost on this machine from a short probe run.")
        {
            config, set, probeSteps, probeTime, price, json,
        };
        command.SetAction((parse, cancellation) =>
        {
            var steps = parse.GetValue(probeSteps);
            if (steps < 2)
            {
                throw new ArgumentException("--probe-steps: must be at least 2 (the first half of the probe is warm-up).");
            }

            var options = new EstimatorOptions { ProbeSteps = steps, ProbeTime = parse.GetValue(probeTime), PricePerHour = parse.GetValue(price) };
            console.MarkupLine(Markup.Escape($"Probing with up to {steps} real training steps..."));
            var estimate = TrainingService.Estimate(parse.GetValue(config)!, parse.GetValue(set) ?? [], options, cancellation);
            if (parse.GetValue(json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(estimate, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
                return Task.FromResult(0);
            }

            Print(console, estimate);
            return Task.FromResult(0);
        });
        return command;
    }

    private static void Print(IAnsiConsole console, TrainingEstimate e)
    {
        var table = new Table().AddColumn("").AddColumn(new TableColumn("estimate").RightAligned());
        void Row(string name, FormattableString value) => table.AddRow(Markup.Escape(name), Markup.Escape(value.ToString(CultureInfo.InvariantCulture)));
        Row("examples (train / validation)", $"{e.TrainExamples:N0} / {e.ValidationExamples:N0}");
        Row("epochs × batch size", $"{e.Epochs} × {e.BatchSize}");
        Row("steps", $"{e.Steps:N0}{(e.Steps == e.PlannedSteps ? "" : string.Create(CultureInfo.InvariantCulture, $" of {e.PlannedSteps:N0} planned"))}");
        Row("tokens (trained / billed by the hosted formula)", $"{e.Tokens:N0} / {e.BilledTokens:N0}");
        Row("throughput", $"{e.TokensPerSecond:N0} tokens/s");
        Row("set-up", $"{Duration(e.Setup)}");
        Row("training steps", $"{Duration(e.Training)}");
        Row($"validation ({e.Evaluations} passes)", $"{Duration(e.Evaluation)}");
        Row($"checkpoints ({e.CheckpointSaves} saves + best/)", $"{Duration(e.Checkpointing)}");
        Row("total wall time", $"{Duration(e.Total)}");
        var available = e.AvailableMemoryBytes is { } a ? string.Create(CultureInfo.InvariantCulture, $" of {a / 1048576.0:N0} MiB available") : "";
        Row("peak memory", $"{e.PeakMemoryBytes / 1048576.0:N0} MiB{available}");
        var cost = e.Cost is { } c ? string.Create(CultureInfo.InvariantCulture, $"{c:F2} (at {e.PricePerHour:F2} per hour)") : "no price configured";
        Row("cost", $"{cost}");
        console.Write(table);
        foreach (var warning in e.Warnings)
        {
            console.MarkupLine("[yellow]warning:[/] " + Markup.Escape(warning));
        }

        foreach (var assumption in e.Assumptions)
        {
            console.MarkupLine(" [grey]assumes:[/] " + Markup.Escape(assumption));
        }
    }

    private static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h {span.Minutes:D2}m")
        : span.TotalMinutes >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m {span.Seconds:D2}s")
            : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:F1} s");
}

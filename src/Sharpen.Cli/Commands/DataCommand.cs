using System.CommandLine;
using System.Globalization;
using Sharpen.Data.Analysis;
using Sharpen.Data.Cleaning;
using Sharpen.Data.Formats;
using Sharpen.Data.Preparation;
using Sharpen.Data.Splitting;
using Sharpen.Data.Validation;
using Sharpen.Hosting.Data;
using Spectre.Console;

namespace Sharpen.Cli.Commands;

/// <summary><c>sharpen data validate|prepare|preview</c>: check, clean and split a dataset, and see what the model will be trained on.</summary>
internal static class DataCommand
{
    public static Command Create(IAnsiConsole console, TextWriter stdout)
    {
        var command = new Command("data", "Validate, clean and split datasets; preview rendered training examples.");
        command.Subcommands.Add(Validate(console, stdout));
        command.Subcommands.Add(Prepare(console, stdout));
        command.Subcommands.Add(Preview(console));
        return command;
    }

    private static Command Validate(IAnsiConsole console, TextWriter stdout)
    {
        var read = new ReadOptions();
        var file = new Argument<string>("file") { Description = "Dataset file: JSONL (.gz), JSON array, CSV/TSV or Parquet." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var model = new Option<string?>("--model") { Description = "Model folder: count tokens with its tokenizer and check its context length." };
        var command = new Command("validate", "Check a dataset line by line; exit code 1 when it has errors.") { file, json, model };
        read.AddTo(command);
        command.SetAction(parse =>
        {
            var report = DataService.Validate(parse.GetValue(file)!, read.Bind(parse), parse.GetValue(model));
            if (parse.GetValue(json))
            {
                stdout.WriteLine(report.ToJson());
            }
            else
            {
                stdout.WriteLine(report.ToText());
            }

            return report.Severity == IssueSeverity.Error ? 1 : 0;
        });
        return command;
    }

    private static Command Prepare(IAnsiConsole console, TextWriter stdout)
    {
        var read = new ReadOptions();
        var file = new Argument<string>("file") { Description = "Raw dataset file." };
        var output = new Option<string>("--out", "-o") { Description = "Folder for train/validation/test JSONL, manifest.json and report.md/json.", Required = true };
        var model = new Option<string?>("--model") { Description = "Model folder: token statistics and the context check use its tokenizer." };
        var split = new Option<string>("--split") { Description = "Train/validation/test percentages.", DefaultValueFactory = _ => "80/10/10" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the split.", DefaultValueFactory = _ => 42 };
        var noStratify = new Option<bool>("--no-stratify") { Description = "Do not stratify the split by label." };
        var threshold = new Option<double>("--near-duplicate-threshold") { Description = "Jaccard similarity above which examples are near duplicates.", DefaultValueFactory = _ => 0.8 };
        var keepNear = new Option<bool>("--keep-near-duplicates") { Description = "Only remove exact duplicates." };
        var scrub = new Option<bool>("--scrub-pii") { Description = "Replace emails, phone, card and ID numbers with placeholders." };
        var command = new Command("prepare", "Clean, deduplicate and split a dataset into OpenAI-chat JSONL with a report.")
        {
            file, output, model, split, seed, noStratify, threshold, keepNear, scrub,
        };
        read.AddTo(command);
        command.SetAction(parse =>
        {
            var (train, validation, test) = ParseSplit(parse.GetValue(split)!);
            var options = new PrepareOptions
            {
                InputPath = parse.GetValue(file)!,
                OutputDirectory = parse.GetValue(output)!,
                Analysis = new ValidationOptions
                {
                    Read = read.Bind(parse),
                    Cleaning = new CleaningOptions
                    {
                        NearDuplicateThreshold = parse.GetValue(threshold),
                        RemoveNearDuplicates = !parse.GetValue(keepNear),
                        ScrubPii = parse.GetValue(scrub),
                    },
                },
                Split = new SplitOptions { Train = train, Validation = validation, Test = test, Seed = parse.GetValue(seed), Stratify = !parse.GetValue(noStratify) },
            };
            var result = DataService.Prepare(options, parse.GetValue(model));
            stdout.WriteLine(result.Report.ToText());
            foreach (var (name, path) in result.SplitPaths.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                console.MarkupLine($"[green]{Markup.Escape(name)}[/] → {Markup.Escape(path)}");
            }

            console.MarkupLine("manifest → " + Markup.Escape(result.ManifestPath));
            return result.Report.Severity == IssueSeverity.Error ? 1 : 0;
        });
        return command;
    }

    private static Command Preview(IAnsiConsole console)
    {
        var read = new ReadOptions();
        var file = new Argument<string>("file") { Description = "Dataset file." };
        var model = new Option<string>("--model") { Description = "Model folder whose tokenizer and chat template render the example.", Required = true };
        var index = new Option<int>("--index") { Description = "Which valid example to show (0-based).", DefaultValueFactory = _ => 0 };
        var trainOnInputs = new Option<bool>("--train-on-inputs") { Description = "Train on every token, not just the assistant's." };
        var command = new Command("preview", "Show an example rendered for the model, with trained spans marked.") { file, model, index, trainOnInputs };
        read.AddTo(command);
        command.SetAction(parse =>
        {
            var preview = DataService.Preview(parse.GetValue(file)!, read.Bind(parse), parse.GetValue(model)!, parse.GetValue(index), parse.GetValue(trainOnInputs));
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"format: {preview.Format}; {preview.Tokens} tokens, {preview.TrainedTokens} trained (shown as [+ ... +])")));
            foreach (var span in preview.Spans)
            {
                console.Markup(span.Trained ? "[green][[+" + Markup.Escape(span.Text) + "+]][/]" : "[grey]" + Markup.Escape(span.Text) + "[/]");
            }

            console.WriteLine();
            return 0;
        });
        return command;
    }

    private static (double Train, double Validation, double Test) ParseSplit(string text)
    {
        var parts = text.Split('/');
        if (parts.Length is < 2 or > 3 || !parts.All(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            throw new ArgumentException($"--split must look like 80/10/10 or 80/20, got '{text}'.");
        }

        var values = parts.Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        var total = values.Sum();
        if (values.Any(v => v < 0) || total <= 0)
        {
            throw new ArgumentException($"--split needs non-negative shares with a positive total, got '{text}'.");
        }

        return (values[0] / total, values[1] / total, values.Length == 3 ? values[2] / total : 0);
    }

    /// <summary>The reading options every data command shares: container and example format, and a column mapping.</summary>
    private sealed class ReadOptions
    {
        private readonly Option<string> _format = new("--format") { Description = "Example format.", DefaultValueFactory = _ => "auto" };
        private readonly Option<string?> _prompt = new("--prompt-column") { Description = "Tabular data: column that becomes the user message." };
        private readonly Option<string?> _completion = new("--completion-column") { Description = "Tabular data: column that becomes the assistant answer." };
        private readonly Option<string?> _label = new("--label-column") { Description = "Column (or top-level field) holding a class label; drives stratification." };
        private readonly Option<string?> _template = new("--prompt-template") { Description = "User message template, e.g. \"Classify the intent: {text}\"." };
        private readonly Option<string?> _system = new("--system-prompt") { Description = "A system message put before every tabular example." };

        public ReadOptions() => _format.AcceptOnlyFromAmong("auto", "chat", "prompt-completion", "alpaca", "sharegpt", "text", "preference", "columns");

        public void AddTo(Command command)
        {
            command.Options.Add(_format);
            command.Options.Add(_prompt);
            command.Options.Add(_completion);
            command.Options.Add(_label);
            command.Options.Add(_template);
            command.Options.Add(_system);
        }

        public DatasetReadOptions Bind(ParseResult parse)
        {
            var completion = parse.GetValue(_completion);
            var label = parse.GetValue(_label);
            ColumnMapping? columns = completion is null
                ? null
                : new ColumnMapping
                {
                    Prompt = parse.GetValue(_prompt),
                    Completion = completion,
                    Label = label,
                    PromptTemplate = parse.GetValue(_template),
                    SystemPrompt = parse.GetValue(_system),
                };
            var format = parse.GetValue(_format) switch
            {
                "chat" => ExampleFormat.Chat,
                "prompt-completion" => ExampleFormat.PromptCompletion,
                "alpaca" => ExampleFormat.Alpaca,
                "sharegpt" => ExampleFormat.ShareGpt,
                "text" => ExampleFormat.Text,
                "preference" => ExampleFormat.Preference,
                "columns" => ExampleFormat.Columns,
                _ => ExampleFormat.Auto,
            };
            return new DatasetReadOptions { Format = format, Columns = columns, LabelField = columns is null ? label : null };
        }
    }
}

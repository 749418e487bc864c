using System.CommandLine;
using Sharpen.Hosting.Training;
using Spectre.Console;

namespace Sharpen.Cli.Commands;

/// <summary><c>sharpen export RUN_DIR --format merged|adapter [--out DIR]</c>.</summary>
internal static class ExportCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var run = new Argument<string>("run") { Description = "The run folder (runs/<run-id>)." };
        var format = new Option<string>("--format") { Description = "merged: a Hugging Face folder with adapters merged in; adapter: a PEFT LoRA adapter.", DefaultValueFactory = _ => "merged" };
        format.AcceptOnlyFromAmong("merged", "adapter");
        var output = new Option<string?>("--out", "-o") { Description = "Output folder (default: RUN/export/<format>)." };
        var force = new Option<bool>("--force") { Description = "Replace a non-empty output folder." };
        var command = new Command("export", "Export a fine-tuned run as a merged model folder or a PEFT adapter.") { run, format, output, force };
        command.SetAction(parse =>
        {
            var written = TrainingService.Export(parse.GetValue(run)!, parse.GetValue(format)!, parse.GetValue(output), parse.GetValue(force));
            console.MarkupLine("[green]exported[/] → " + Markup.Escape(written));
            return 0;
        });
        return command;
    }
}

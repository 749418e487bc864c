using System.Globalization;
using System.CommandLine;
using Sharpen.Hosting.Models;
using Spectre.Console;

namespace Sharpen.Cli.Commands;

/// <summary><c>sharpen import --from gguf|llama2c SRC --out DIR</c>: convert a checkpoint into a Hugging Face-layout folder.</summary>
internal static class ImportCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var from = new Option<string>("--from") { Description = "Source format.", Required = true };
        from.AcceptOnlyFromAmong("gguf", "llama2c");
        var source = new Argument<string>("source") { Description = "The GGUF file, or the llama2.c .bin checkpoint." };
        var output = new Option<string>("--out", "-o") { Description = "Folder to write (config.json, model.safetensors, tokenizer).", Required = true };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "llama2.c only: tokenizer.model or tok*.bin (default: found beside the checkpoint)." };
        var force = new Option<bool>("--force") { Description = "Replace a non-empty output folder." };
        var collapse = new Option<bool?>("--collapse-spaces")
        {
            Description = "Whether the tokenizer trims and collapses repeated spaces (default: as the source says; GGUF and tok*.bin don't say, so no).",
        };
        var command = new Command("import", "Import a GGUF or llama2.c checkpoint as a Hugging Face-layout model folder.")
        {
            from, source, output, tokenizer, force, collapse,
        };
        command.SetAction(parse =>
        {
            var result = ModelImporter.Import(
                parse.GetValue(from)!,
                parse.GetValue(source)!,
                parse.GetValue(output)!,
                parse.GetValue(tokenizer),
                parse.GetValue(force),
                parse.GetValue(collapse));
            console.MarkupLine($"[green]imported[/] {Markup.Escape(result.Source)} → {Markup.Escape(result.OutputDirectory)}");
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{result.ParameterCount:N0} parameters; files: {string.Join(", ", result.Files)}")));
            foreach (var note in result.Notes)
            {
                console.MarkupLine("[yellow]note:[/] " + Markup.Escape(note));
            }

            return 0;
        });
        return command;
    }
}

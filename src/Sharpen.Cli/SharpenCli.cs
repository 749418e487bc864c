using System.CommandLine;
using Sharpen.Cli.Commands;
using Spectre.Console;

namespace Sharpen.Cli;

/// <summary>The <c>sharpen</c> command tree. Parsing and output only; the work lives in Sharpen.Hosting.</summary>
internal static class SharpenCli
{
    /// <summary>Exit code for a request that could not be carried out (bad input, unreadable model, ...).</summary>
    public const int UserErrorExitCode = 2;

    public static int Run(string[] args, IAnsiConsole console, TextWriter stdout)
    {
        var root = new RootCommand("Sharpen: fine-tune foundation models in .NET, and prove whether it helped.");
        root.Subcommands.Add(DoctorCommand.Create(console));
        root.Subcommands.Add(GenerateCommand.Create(console, stdout));
        root.Subcommands.Add(ImportCommand.Create(console));
        root.Subcommands.Add(DataCommand.Create(console, stdout));
        root.Subcommands.Add(TrainCommand.Create(console, stdout));
        root.Subcommands.Add(EstimateCommand.Create(console, stdout));
        root.Subcommands.Add(ExportCommand.Create(console));
        root.Subcommands.Add(AdviseCommand.Create(console));
        root.Subcommands.Add(ServeCommand.Create(console));
        root.Subcommands.Add(KeysCommand.Create(console, stdout));
        var config = new InvocationConfiguration { Output = stdout, EnableDefaultExceptionHandler = false };
        try
        {
            return root.Parse(args).Invoke(config);
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or StackOverflowException or AccessViolationException))
        {
            // A failed command says what went wrong in one line; the stack trace is for developers who ask for it.
            console.MarkupLine("[red]error:[/] " + Markup.Escape(ex.Message));
            if (Environment.GetEnvironmentVariable("SHARPEN_DEBUG") is "1" or "true")
            {
                console.WriteException(ex);
            }

            return UserErrorExitCode;
        }
    }
}

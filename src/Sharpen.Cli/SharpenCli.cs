using System.CommandLine;
using Sharpen.Cli.Commands;
using Spectre.Console;

namespace Sharpen.Cli;

/// <summary>The <c>sharpen</c> command tree. Parsing and output only; the work lives in Sharpen.Hosting.</summary>
internal static class SharpenCli
{
    public static int Run(string[] args, IAnsiConsole console, TextWriter stdout)
    {
        var root = new RootCommand("Sharpen: fine-tune foundation models in .NET, and prove whether it helped.");
        root.Subcommands.Add(DoctorCommand.Create(console));
        var config = new InvocationConfiguration { Output = stdout };
        return root.Parse(args).Invoke(config);
    }
}

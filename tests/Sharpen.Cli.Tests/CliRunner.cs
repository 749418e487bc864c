using Spectre.Console;

namespace Sharpen.Cli.Tests;

/// <summary>Runs the real <c>sharpen</c> command tree in-process and captures stdout and the console (stderr-like) output.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Stdout, string Console) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var consoleText = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(consoleText),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        var code = SharpenCli.Run(args, console, stdout);
        return (code, stdout.ToString(), consoleText.ToString());
    }
}

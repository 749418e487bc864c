using Sharpen.Cli;
using Spectre.Console;

return SharpenCli.Run(args, AnsiConsole.Console, Console.Out);

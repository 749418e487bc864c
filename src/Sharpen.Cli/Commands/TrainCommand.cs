using System.CommandLine;
using System.Globalization;
using Sharpen.Hosting.Training;
using Spectre.Console;

namespace Sharpen.Cli.Commands;

/// <summary><c>sharpen train CONFIG.yaml [--set key=value]...</c> and <c>sharpen train --resume RUN_DIR</c>.</summary>
internal static class TrainCommand
{
    public static Command Create(IAnsiConsole console, TextWriter stdout)
    {
        var config = new Argument<string?>("config") { Description = "Training config (YAML); see configs/.", Arity = ArgumentArity.ZeroOrOne };
        var set = new Option<string[]>("--set") { Description = "Override a config key, e.g. --set training.epochs=1 (repeatable)." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this folder from its newest checkpoint." };
        var command = new Command("train", "Fine-tune a model (full, LoRA or QLoRA) as a config describes; resumable.") { config, set, resume };
        command.SetAction((parse, cancellation) =>
        {
            var resumeDir = parse.GetValue(resume);
            var configFile = parse.GetValue(config);
            if ((resumeDir is null) == (configFile is null))
            {
                throw new ArgumentException("Give either a config file or --resume RUN_DIR.");
            }

            var result = resumeDir is not null
                ? TrainingService.Resume(resumeDir, stdout, cancellation)
                : TrainingService.Start(configFile!, parse.GetValue(set) ?? [], stdout, cancellation);
            var summary = string.Create(CultureInfo.InvariantCulture, $"{result.Status} after {result.Steps} steps ({result.StopReason}); final train loss {result.FinalTrainLoss:F4}");
            if (result.BestValidationLoss is { } best)
            {
                summary += string.Create(CultureInfo.InvariantCulture, $", best validation loss {best:F4} at step {result.BestStep}");
                if (result.BaselineValidationLoss is { } baseline)
                {
                    summary += string.Create(CultureInfo.InvariantCulture, $" (base model: {baseline:F4})");
                }
            }

            console.MarkupLine(Markup.Escape(summary));
            console.MarkupLine("run folder: " + Markup.Escape(result.RunDirectory));
            return Task.FromResult(0);
        });
        return command;
    }
}

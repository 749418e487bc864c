using System.CommandLine;
using System.Globalization;
using Sharpen.Evaluation.Advice;
using Sharpen.Hosting.Advice;
using Spectre.Console;

namespace Sharpen.Cli.Commands;

/// <summary>
/// <c>sharpen advise</c>: fine-tune, prompt-engineer, retrieve or wait? Answers come from flags; on an interactive terminal
/// the questions not given as flags are asked.
/// </summary>
internal static class AdviseCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var domain = new Option<bool?>("--domain-critical") { Description = "Is domain expertise critical? (true/false)" };
        var examples = new Option<int?>("--examples") { Description = "How many high-quality examples do you have?" };
        var report = new Option<string?>("--dataset-report") { Description = "report.json from 'sharpen data prepare' (supplies the example count)." };
        var production = new Option<bool?>("--production") { Description = "Will this be a production system? (true/false)" };
        var improvement = new Option<double?>("--expected-improvement") { Description = "Expected improvement over prompting, in percent." };
        var realtime = new Option<bool?>("--realtime") { Description = "Does the knowledge need real-time updates? (true/false)" };
        var command = new Command("advise", "Should you fine-tune? The decision framework's five questions, answered by flags or interactively.")
        {
            domain, examples, report, production, improvement, realtime,
        };
        command.SetAction(parse =>
        {
            var interactive = console.Profile.Capabilities.Interactive && !Console.IsInputRedirected;
            var answers = new AdviceQuestions
            {
                DomainExpertiseCritical = parse.GetValue(domain) ?? AskYesNo(interactive, console, "Is domain expertise critical?"),
                HighQualityExamples = parse.GetValue(examples) ?? (parse.GetValue(report) is null ? AskNumber(interactive, console, "How many high-quality examples do you have?") : null),
                Production = parse.GetValue(production) ?? AskYesNo(interactive, console, "Will this be a production system?"),
                ExpectedImprovementPercent = parse.GetValue(improvement) ?? AskPercent(interactive, console),
                NeedsRealTimeUpdates = parse.GetValue(realtime) ?? AskYesNo(interactive, console, "Does the knowledge need real-time updates?"),
            };
            var advice = AdviceService.Advise(answers, parse.GetValue(report));
            console.MarkupLine($"[bold]Recommendation:[/] {Markup.Escape(Describe(advice.Recommendation))}");
            foreach (var reason in advice.Reasons)
            {
                console.MarkupLine(" - " + Markup.Escape(reason));
            }

            foreach (var assumption in advice.Assumptions)
            {
                console.MarkupLine(" [yellow]?[/] " + Markup.Escape(assumption));
            }

            if (advice.CostTier is { } tier)
            {
                console.MarkupLine("Cost tier: " + Markup.Escape(tier));
            }

            return 0;
        });
        return command;
    }

    private static string Describe(Recommendation recommendation) => recommendation switch
    {
        Recommendation.FineTune => "fine-tune",
        Recommendation.PromptEngineeringFirst => "prompt engineering first",
        Recommendation.Retrieval => "retrieval (RAG)",
        Recommendation.Defer => "defer fine-tuning",
        _ => recommendation.ToString(),
    };

    private static bool? AskYesNo(bool interactive, IAnsiConsole console, string question) =>
        interactive ? console.Prompt(new ConfirmationPrompt(question)) : null;

    private static int? AskNumber(bool interactive, IAnsiConsole console, string question) =>
        interactive ? console.Prompt(new TextPrompt<int>(question)) : null;

    private static double? AskPercent(bool interactive, IAnsiConsole console) =>
        interactive
            ? double.Parse(console.Prompt(new TextPrompt<string>("Expected improvement over prompting (percent)?")), NumberStyles.Float, CultureInfo.InvariantCulture)
            : null;
}

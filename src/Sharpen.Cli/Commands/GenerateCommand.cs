using System.CommandLine;
using System.Globalization;
using Sharpen.Hosting.Inference;
using Sharpen.Modeling.Generation;
using Spectre.Console;

namespace Sharpen.Cli.Commands;

/// <summary>
/// <c>sharpen generate</c>: load a model folder and stream a completion to stdout. An empty prompt starts from BOS,
/// which is how llama2.c's published samples are produced.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create(IAnsiConsole console, TextWriter stdout)
    {
        var model = new Option<string>("--model", "-m") { Description = "Model folder (Hugging Face layout) or a training run folder.", Required = true };
        var prompt = new Option<string>("--prompt", "-p") { Description = "Prompt text; empty starts from the BOS token.", DefaultValueFactory = _ => string.Empty };
        var maxNew = new Option<int>("--max-new-tokens", "-n") { Description = "Maximum tokens to generate.", DefaultValueFactory = _ => 256 };
        var temperature = new Option<double>("--temperature", "-t") { Description = "Sampling temperature; 0 = greedy.", DefaultValueFactory = _ => 1.0 };
        var topP = new Option<double>("--top-p") { Description = "Nucleus sampling mass (1 = off).", DefaultValueFactory = _ => 1.0 };
        var topK = new Option<int>("--top-k") { Description = "Keep the k most likely tokens (0 = off).", DefaultValueFactory = _ => 0 };
        var penalty = new Option<double>("--repetition-penalty") { Description = "Penalty on tokens already seen (1 = off).", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<ulong?>("--seed", "-s") { Description = "Random seed for sampling (same seed, same text)." };
        var stop = new Option<string[]>("--stop") { Description = "Stop string (repeatable).", AllowMultipleArgumentsPerToken = false };
        var dtype = new Option<string>("--dtype") { Description = "Weights and compute precision: float32 or bfloat16.", DefaultValueFactory = _ => "float32" };
        dtype.AcceptOnlyFromAmong("float32", "bfloat16", "fp32", "bf16");
        var stats = new Option<bool>("--stats") { Description = "Print token counts and throughput when done." };
        var chat = new Option<bool>("--chat") { Description = "Send the prompt as a user message through the model's chat template (or plain format)." };

        var command = new Command("generate", "Generate text from a model, streaming tokens to stdout.")
        {
            model, prompt, maxNew, temperature, topP, topK, penalty, seed, stop, dtype, stats, chat,
        };
        command.SetAction(parse =>
        {
            var request = new GenerationRequest(
                parse.GetValue(prompt) ?? string.Empty,
                new GenerationOptions
                {
                    MaxNewTokens = parse.GetValue(maxNew),
                    StopStrings = parse.GetValue(stop) ?? [],
                    Sampling = new SamplingOptions
                    {
                        Temperature = parse.GetValue(temperature),
                        TopP = parse.GetValue(topP),
                        TopK = parse.GetValue(topK),
                        RepetitionPenalty = parse.GetValue(penalty),
                        Seed = parse.GetValue(seed),
                    },
                })
            {
                Chat = parse.GetValue(chat),
            };
            request.Options.Validate();
            using var loaded = ModelLoader.Load(parse.GetValue(model)!, ModelLoader.ParseDType(parse.GetValue(dtype)!));
            var result = new GenerationService(loaded).Generate(request, text =>
            {
                stdout.Write(text);
                stdout.Flush();
            });
            stdout.WriteLine();
            if (parse.GetValue(stats))
            {
                console.MarkupLine(Markup.Escape(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{result.PromptTokens} prompt + {result.GeneratedTokens} generated tokens, {result.TokensPerSecond:F1} tokens/s, finish: {result.Finish}")));
            }

            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using Sharpen.Hosting;
using Sharpen.Hosting.Inference;
using Sharpen.Server;
using Spectre.Console;

namespace Sharpen.Cli.Commands;

/// <summary>
/// <c>sharpen serve</c>: the OpenAI-compatible API (files, models, chat completions) on Kestrel until Ctrl+C. State
/// lives in the data folder: <c>sharpen.db</c>, uploaded <c>files/</c>, and base models under <c>models/</c>.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var port = new Option<int>("--port", "-p") { Description = "TCP port (0 = any free port).", DefaultValueFactory = _ => 8000 };
        var host = new Option<string>("--host") { Description = "Address to listen on (an IP address or localhost).", DefaultValueFactory = _ => "127.0.0.1" };
        var data = DataOption();
        var models = new Option<string[]>("--model", "-m") { Description = "Serve a model folder under a name: NAME=PATH (repeatable).", AllowMultipleArgumentsPerToken = false };
        var maxUpload = new Option<long>("--max-upload-mb") { Description = "Largest file upload, in MiB.", DefaultValueFactory = _ => 512 };
        var cache = new Option<int>("--model-cache") { Description = "Idle models kept loaded (least recently used are freed).", DefaultValueFactory = _ => 2 };
        var jobs = new Option<int>("--concurrent-jobs") { Description = "Fine-tuning jobs trained at the same time.", DefaultValueFactory = _ => 1 };
        var jobThreads = new Option<int>("--job-threads") { Description = "libtorch threads per training job (0 = one per core).", DefaultValueFactory = _ => 0 };
        var dtype = new Option<string>("--dtype") { Description = "Precision models are loaded in: float32 or bfloat16.", DefaultValueFactory = _ => "float32" };
        dtype.AcceptOnlyFromAmong("float32", "bfloat16", "fp32", "bf16");

        var command = new Command("serve", "Serve the OpenAI-compatible API (needs an API key from `sharpen keys create`).")
        {
            port, host, data, models, maxUpload, cache, jobs, jobThreads, dtype,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ServerOptions
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                Hosting = new HostingOptions
                {
                    DataDirectory = parse.GetValue(data)!,
                    Models = ParseModels(parse.GetValue(models) ?? []),
                    MaxUploadBytes = checked(parse.GetValue(maxUpload) * 1024 * 1024),
                    ModelCacheSize = parse.GetValue(cache),
                    MaxConcurrentJobs = parse.GetValue(jobs),
                    JobThreads = parse.GetValue(jobThreads),
                    DType = ModelLoader.ParseDType(parse.GetValue(dtype)!),
                },
            };
            await SharpenServer.RunAsync(options, address =>
            {
                var root = Markup.Escape(address.ToString().TrimEnd('/'));
                console.MarkupLine($"Sharpen API on [bold]{root}/v1[/] (data: {Markup.Escape(Path.GetFullPath(options.Hosting.DataDirectory))}); Ctrl+C stops.");
                console.MarkupLine($"Dashboard: [bold]{root}/dashboard[/] (sign in with a key from `sharpen keys create`).");
            }, cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary><c>--data</c>, shared with <c>sharpen keys</c>: the server's data folder, by default <c>SHARPEN_HOME</c>.</summary>
    public static Option<string> DataOption() => new("--data")
    {
        Description = "Data folder (database, uploaded files, jobs/, models/). Default: SHARPEN_HOME (~/.sharpen).",
        DefaultValueFactory = _ => SharpenPaths.FromEnvironment().Home,
    };

    private static Dictionary<string, string> ParseModels(IEnumerable<string> specs)
    {
        var models = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var eq = spec.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == spec.Length - 1)
            {
                throw new ArgumentException($"--model '{spec}': expected NAME=PATH, for example --model stories=./models/stories260K-hf.");
            }

            models[spec[..eq].Trim()] = spec[(eq + 1)..].Trim();
        }

        return models;
    }
}

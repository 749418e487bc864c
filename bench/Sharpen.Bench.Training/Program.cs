using System.Globalization;
using Sharpen.Bench.Training;

// Training throughput, peak memory and MFU of full, LoRA and QLoRA fine-tuning, fp32 and bf16, on a randomly initialised
// SmolLM2-135M-shape model through the real recipe (TrainingRun.Start); each configuration runs in a child process of
// this executable so its peak RSS is its own. Prints figures; never fails on a number.
//
//   dotnet run -c Release --project bench/Sharpen.Bench.Training [-- --warmup 3 --steps 5 --batch 4 --seq 256 --threads 2 --only full,lora:bfloat16]
// The soak run defaults to 1 thread: it measures flatness, not speed, and on a shared machine a 2-thread OpenMP team
// stalls at every barrier (measured here at load 14: ~1000 ms/step with 2 threads vs ~125 ms with 1 on stories260K).
//   dotnet run -c Release --project bench/Sharpen.Bench.Training -- --soak [--soak-steps 2000] [--shared PATH] [--soak-configs full:float32,lora:float32] [--soak-min-length 128 --soak-max-length 128]
var threads = IntArg("--threads", 2);
if (args.Length > 0 && args[0] == "--child")
{
    var run = new ConfigurationRun(args[1], args[2], Arg("--model")!, Arg("--work")!, IntArg("--warmup", 3), IntArg("--steps", 5), IntArg("--batch", 4), IntArg("--seq", 256), threads);
    Console.WriteLine(ConfigurationRun.Serialize(run.Run()));
    return;
}

if (args.Contains("--soak"))
{
    var shared = Arg("--shared") ?? FindShared();
    var configurations = (Arg("--soak-configs") ?? "full:float32,lora:float32")
        .Split(',', StringSplitOptions.RemoveEmptyEntries)
        .Select(c => c.Split(':'))
        .Select(p => (p[0], p.Length > 1 ? p[1] : "float32"));
    new SoakRun(Path.Combine(shared, "models", "stories260K-hf"), IntArg("--soak-steps", 2000), IntArg("--threads", 1), IntArg("--soak-min-length", 128), IntArg("--soak-max-length", 128)).Run(configurations);
    return;
}

var only = Arg("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
new TrainingBenchmark(IntArg("--warmup", 3), IntArg("--steps", 5), IntArg("--batch", 4), IntArg("--seq", 256), threads).Run(only);

string? Arg(string flag)
{
    var i = Array.IndexOf(args, flag);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int IntArg(string flag, int fallback)
{
    var text = Arg(flag);
    if (text is null)
    {
        return fallback;
    }

    return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
        ? value
        : throw new ArgumentException($"{flag} expects a positive integer, got '{text}'.");
}

static string FindShared()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "shared");
        if (Directory.Exists(Path.Combine(candidate, "models")))
        {
            return candidate;
        }
    }

    throw new DirectoryNotFoundException("shared/ not found above the benchmark; pass --shared PATH.");
}

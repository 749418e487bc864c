using System.Globalization;
using Sharpen.Bench.Modeling;
using Sharpen.Modeling.Llama;
using static TorchSharp.torch;

// Prefill and decode throughput (tokens/s) for stories260K (the real checkpoint in ../shared) and for a randomly
// initialised model of the SmolLM2-135M shape, in fp32 and bf16. Prints figures; never fails on a number.
// Usage: dotnet run -c Release --project bench/Sharpen.Bench.Modeling [-- --shared PATH] [--repeats N]
var shared = ArgValue("--shared") ?? FindShared();
var repeats = int.Parse(ArgValue("--repeats") ?? "3", CultureInfo.InvariantCulture);
Console.WriteLine($"threads: {get_num_threads()}  libtorch {__version__}");
Console.WriteLine($"{"model",-28} {"dtype",-9} {"prompt",7} {"decode",7} {"prefill tok/s",14} {"decode tok/s",13}");

var smolLm2 = Sharpen.Bench.BenchModels.SmolLm2Shape;

foreach (var dtype in new[] { ScalarType.Float32, ScalarType.BFloat16 })
{
    using (var stories = LlamaForCausalLM.FromPretrained(Path.Combine(shared, "models", "stories260K-hf"), dtype))
    {
        Report("stories260K", stories, dtype, promptTokens: 256, decodeTokens: 200);
    }

    manual_seed(0);
    using var smol = new LlamaForCausalLM(smolLm2, dtype);
    smol.eval();
    Report("SmolLM2-135M shape (random)", smol, dtype, promptTokens: 256, decodeTokens: 64);
}

void Report(string name, LlamaForCausalLM model, ScalarType dtype, int promptTokens, int decodeTokens)
{
    var (prefill, decode) = new DecodeBenchmark(model, promptTokens, decodeTokens, repeats).Run();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-28} {dtype,-9} {promptTokens,7} {decodeTokens,7} {prefill,14:F0} {decode,13:F1}"));
}

string? ArgValue(string flag)
{
    var i = Array.IndexOf(args, flag);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
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

using System.Diagnostics;
using System.Globalization;
using Sharpen.Modeling.Llama;
using static TorchSharp.torch;

namespace Sharpen.Bench.Training;

/// <summary>
/// The parent side of the benchmark: measures the matmul peak, writes the random SmolLM2-135M-shape model once, runs every
/// method × dtype in a child process of this same executable, and prints tokens/s, peak RSS and MFU per configuration,
/// then the project's targets as met or missed (it never fails on a number).
/// </summary>
internal sealed class TrainingBenchmark(int warmup, int steps, int batch, int sequence, int threads)
{
    private static readonly (string Method, string DType)[] Configurations =
    [
        ("full", "float32"), ("full", "bfloat16"),
        ("lora", "float32"), ("lora", "bfloat16"),
        ("qlora", "float32"), ("qlora", "bfloat16"),
    ];

    public void Run(IReadOnlyCollection<string>? only)
    {
        set_num_threads(threads);
        var shape = SyntheticWorkload.SmolLm2Shape;
        Console.WriteLine($"date {DateTime.UtcNow:yyyy-MM-dd HH:mm}Z  libtorch {__version__}  threads {get_num_threads()}  cores {Environment.ProcessorCount}  load average {LoadAverage()}");
        Console.WriteLine($"model: random SmolLM2-135M shape ({shape.ParameterCount():N0} parameters, {TrainingFlops.MatmulParameters(shape):N0} in matmuls), batch {batch} × seq {sequence}, {warmup} warm-up + {steps} timed steps");
        var peakBefore = Peaks();
        Console.WriteLine(Invariant($"matmul peak (2048², best of 3×8): fp32 {peakBefore.Float32 / 1e9:F1} GFLOP/s, bf16 {peakBefore.BFloat16 / 1e9:F1} GFLOP/s"));
        var bandwidth = MemoryBandwidth.BytesPerSecond();
        Console.WriteLine(Invariant($"memory bandwidth (256 MB float32 copy, read + written, best of 5): {bandwidth / 1e9:F1} GB/s"));

        var ceilings = new Dictionary<(string Method, string DType), double>();
        foreach (var (method, dtype) in Configurations.Where(c => Selected(c, only)))
        {
            var seconds = MatmulCeiling.StepSeconds(shape, batch, sequence, dtype == "bfloat16" ? ScalarType.BFloat16 : ScalarType.Float32, weightGradients: method == "full");
            ceilings[(method, dtype)] = (double)batch * sequence / seconds;
        }

        Console.WriteLine("ceiling = tokens/s if the step were its matrix products alone, timed at the model's shapes just now (MatmulCeiling.cs)");
        var root = Path.Combine(Path.GetTempPath(), "sharpen-trainbench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var modelDirectory = Path.Combine(root, "model");
        var results = new List<ConfigurationResult>();
        try
        {
            SyntheticWorkload.WriteModel(modelDirectory, shape, seed: 0);
            Console.WriteLine();
            Console.WriteLine($"{"method",-6} {"dtype",-9} {"tokens/s",9} {"s/step",7} {"CPU s/step",10} {"peak RSS MB",12} {"RSS at exit",12} {"trainable",12} {"GFLOP/s",8} {"MFU",6} {"ceiling",8} {"of ceil.",8} {"loss",7}");
            foreach (var (method, dtype) in Configurations.Where(c => Selected(c, only)))
            {
                var work = Path.Combine(root, $"{method}-{dtype}");
                var result = RunChild(method, dtype, modelDirectory, work);
                Directory.Delete(work, recursive: true);
                if (result is null)
                {
                    continue;
                }

                results.Add(result);
                var flops = FlopsPerSecond(result, shape);
                var peak = dtype == "bfloat16" ? peakBefore.BFloat16 : peakBefore.Float32;
                Console.WriteLine(Invariant($"{method,-6} {dtype,-9} {result.TokensPerSecond,9:F1} {result.SecondsPerStep,7:F2} {result.ProcessorSecondsPerStep,10:F2} {result.PeakResidentBytesTraining / 1048576.0,12:F0} {result.PeakResidentBytesAtExit / 1048576.0,12:F0} {result.TrainableParameters,12:N0} {flops / 1e9,8:F1} {flops / peak,6:P1} {ceilings[(method, dtype)],8:F1} {result.TokensPerSecond / ceilings[(method, dtype)],8:P1} {result.FinalLoss,7:F3}"));
            }
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }

        var peakAfter = Peaks();
        Console.WriteLine(Invariant($"matmul peak again after the runs: fp32 {peakAfter.Float32 / 1e9:F1} GFLOP/s, bf16 {peakAfter.BFloat16 / 1e9:F1} GFLOP/s (MFU above is against the first; load average now {LoadAverage()})"));
        // On a shared machine the load changes during the run; the higher peak is the conservative denominator.
        foreach (var result in results)
        {
            var best = result.DType == "bfloat16" ? Math.Max(peakBefore.BFloat16, peakAfter.BFloat16) : Math.Max(peakBefore.Float32, peakAfter.Float32);
            Console.WriteLine(Invariant($"  MFU against the higher peak: {result.Method,-6} {result.DType,-9} {FlopsPerSecond(result, shape) / best,6:P1}"));
        }

        Console.WriteLine();
        PrintTargets(results, ceilings, bandwidth, (double)batch * sequence);
    }

    private static bool Selected((string Method, string DType) configuration, IReadOnlyCollection<string>? only) =>
        only is null || only.Contains(configuration.Method) || only.Contains($"{configuration.Method}:{configuration.DType}");

    /// <summary>Achieved model FLOP/s: tokens/s × the per-token count of <see cref="TrainingFlops"/>.</summary>
    private double FlopsPerSecond(ConfigurationResult result, LlamaConfig shape) =>
        result.TokensPerSecond * TrainingFlops.PerToken(shape, sequence, result.Method == "full" ? null : result.TrainableParameters);

    private ConfigurationResult? RunChild(string method, string dtype, string modelDirectory, string work)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = false, UseShellExecute = false };
        var self = Environment.ProcessPath!;
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(TrainingBenchmark).Assembly.Location);
        }

        foreach (var argument in new[]
        {
            "--child", method, dtype, "--model", modelDirectory, "--work", work,
            "--warmup", Invariant($"{warmup}"), "--steps", Invariant($"{steps}"), "--batch", Invariant($"{batch}"),
            "--seq", Invariant($"{sequence}"), "--threads", Invariant($"{threads}"),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{self}'.");
        ConfigurationResult? result = null;
        while (child.StandardOutput.ReadLine() is { } line)
        {
            result = ConfigurationRun.Parse(line) ?? result;
            if (ConfigurationRun.Parse(line) is null)
            {
                Console.Error.WriteLine($"  [{method} {dtype}] {line}");
            }
        }

        child.WaitForExit();
        if (child.ExitCode != 0 || result is null)
        {
            Console.WriteLine($"{method,-6} {dtype,-9} failed: the child exited with {child.ExitCode} (its error is above).");
            return null;
        }

        return result;
    }

    /// <summary>
    /// The targets against what was measured, each with two bounds: the matmul-only ceiling, and that ceiling with the
    /// optimizer's least memory traffic added — AdamW's bytes per trainable parameter at this run's bandwidth, which no
    /// arrangement of the step can overlap with the products it follows.
    /// </summary>
    private static void PrintTargets(List<ConfigurationResult> results, Dictionary<(string Method, string DType), double> ceilings, double bandwidth, double tokensPerStep)
    {
        ConfigurationResult? Find(string method, string dtype) => results.Find(r => r.Method == method && r.DType == dtype);
        string Bounds(ConfigurationResult result)
        {
            var ceiling = ceilings[(result.Method, result.DType)];
            var bytes = MemoryBandwidth.AdamWBytesPerParameter(result.DType == "bfloat16" ? ScalarType.BFloat16 : ScalarType.Float32);
            var optimizerSeconds = result.TrainableParameters * (double)bytes / bandwidth;
            var withOptimizer = tokensPerStep / ((tokensPerStep / ceiling) + optimizerSeconds);
            return Invariant($"matmul-only ceiling {ceiling:F1}; with AdamW's least memory traffic, {result.TrainableParameters / 1e6:F1}M × {bytes} B = {optimizerSeconds:F3} s a step: {withOptimizer:F1}");
        }

        Console.WriteLine("targets (printed, never enforced):");
        if (Find("full", "bfloat16") is { } fullBf16)
        {
            Console.WriteLine(Invariant($"  full bf16 ≥ 400 tokens/s: {fullBf16.TokensPerSecond:F1} — {(fullBf16.TokensPerSecond >= 400 ? "met" : "missed")} ({Bounds(fullBf16)})"));
        }

        if (Find("lora", "bfloat16") is { } loraBf16)
        {
            Console.WriteLine(Invariant($"  LoRA bf16 ≥ 600 tokens/s: {loraBf16.TokensPerSecond:F1} — {(loraBf16.TokensPerSecond >= 600 ? "met" : "missed")} ({Bounds(loraBf16)})"));
        }

        foreach (var dtype in new[] { "float32", "bfloat16" })
        {
            if (Find("qlora", dtype) is { } q && Find("full", dtype) is { } f)
            {
                var ratio = (double)q.PeakResidentBytesTraining / f.PeakResidentBytesTraining;
                Console.WriteLine(Invariant($"  QLoRA peak RSS ≤ 40% of full ({dtype}): {ratio:P1} — {(ratio <= 0.4 ? "met" : "missed")}"));
            }
        }
    }

    private static (double Float32, double BFloat16) Peaks() =>
        (MatmulPeak.FlopsPerSecond(ScalarType.Float32), MatmulPeak.FlopsPerSecond(ScalarType.BFloat16));

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}

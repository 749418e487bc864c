using Sharpen.Core.IO;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using Sharpen.Training.Config;
using TorchSharp;

namespace Sharpen.Training.Runs;

/// <summary>
/// <c>manifest.json</c>: what a run was made from — SHA-256 of the dataset and model files, the seed, the versions of
/// .NET, TorchSharp and libtorch, and the machine — so a result can be traced and replayed.
/// </summary>
internal static class RunManifest
{
    public const string FileName = "manifest.json";

    public static void Write(string path, string runId, TrainingConfig config, DateTimeOffset created, int trainExamples, int validationExamples)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("run_id", runId);
            w.WriteString("created", created);
            w.WriteNumber("seed", config.Training.Seed);
            w.WriteString("method", TrainingConfigBinding.Name(config.Model.Method));
            w.WriteStartObject("data");
            WriteFile(w, "train", config.Data.Train, trainExamples);
            if (config.Data.Validation.Length > 0)
            {
                WriteFile(w, "validation", config.Data.Validation, validationExamples);
            }

            w.WriteEndObject();
            w.WriteStartObject("model");
            w.WriteString("path", config.Model.Path);
            w.WriteStartObject("files");
            foreach (var file in Directory.GetFiles(config.Model.Path).Order(StringComparer.Ordinal))
            {
                w.WriteString(Path.GetFileName(file), Sha256(file));
            }

            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("versions");
            w.WriteString("dotnet", RuntimeInformation.FrameworkDescription);
            w.WriteString("torchsharp", typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown");
            w.WriteString("libtorch", torch.__version__);
            w.WriteString("sharpen", typeof(RunManifest).Assembly.GetName().Version?.ToString() ?? "unknown");
            w.WriteEndObject();
            w.WriteStartObject("machine");
            w.WriteNumber("cores", Environment.ProcessorCount);
            w.WriteString("cpu", CpuName());
            w.WriteString("os", RuntimeInformation.OSDescription);
            w.WriteString("architecture", RuntimeInformation.ProcessArchitecture.ToString());
            w.WriteNumber("torch_threads", torch.get_num_threads());
            w.WriteEndObject();
            w.WriteEndObject();
        }

        AtomicFile.Write(path, stream => stream.Write(buffer.ToArray()));
    }

    public static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void WriteFile(Utf8JsonWriter w, string name, string path, int examples)
    {
        w.WriteStartObject(name);
        w.WriteString("path", path);
        w.WriteString("sha256", Sha256(path));
        w.WriteNumber("examples", examples);
        w.WriteEndObject();
    }

    private static string CpuName()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (File.Exists(cpuInfo))
        {
            var line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}

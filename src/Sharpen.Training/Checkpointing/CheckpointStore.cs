using System.Globalization;
using System.Text.Json;
using Sharpen.Modeling.Checkpoints;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sharpen.Training.Checkpointing;

/// <summary>
/// The run folder's <c>checkpoints/step-&lt;n&gt;/</c> and <c>best/</c>. A checkpoint holds the trainable weights
/// (<c>model.safetensors</c>, Hugging Face names), the AdamW state (<c>optimizer.bin</c>: step, exp_avg and exp_avg_sq
/// per parameter, in TorchSharp's <c>save_state_dict</c> format) and <c>trainer_state.json</c>. It is written into a
/// temporary folder that is renamed into place, so a kill at any moment leaves either the whole checkpoint or none.
/// </summary>
internal sealed class CheckpointStore
{
    public const string WeightsFile = "model.safetensors";
    public const string OptimizerFile = "optimizer.bin";
    public const string StateFile = "trainer_state.json";
    private const string StepPrefix = "step-";

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public CheckpointStore(string runDirectory, int keepLast)
    {
        CheckpointsDirectory = Path.Combine(runDirectory, "checkpoints");
        BestDirectory = Path.Combine(runDirectory, "best");
        KeepLast = keepLast;
    }

    public string CheckpointsDirectory { get; }

    public string BestDirectory { get; }

    public int KeepLast { get; }

    public string PathFor(long step) => Path.Combine(CheckpointsDirectory, StepPrefix + step.ToString(CultureInfo.InvariantCulture));

    /// <summary>Saves a checkpoint for <paramref name="state"/>.Step (a no-op when it exists) and prunes old ones.</summary>
    public string Save(IReadOnlyList<(string Name, Parameter Parameter)> trainable, AdamW optimizer, TrainerState state)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(state);
        var target = PathFor(state.Step);
        if (Directory.Exists(target))
        {
            return target;
        }

        WriteFolder(target, temp =>
        {
            WriteWeights(Path.Combine(temp, WeightsFile), trainable, state.Step);
            using (var stream = new FileStream(Path.Combine(temp, OptimizerFile), FileMode.CreateNew))
            using (var writer = new BinaryWriter(stream))
            {
                optimizer.save_state_dict(writer);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.WriteAllText(Path.Combine(temp, StateFile), JsonSerializer.Serialize(state, s_json));
        });
        Prune();
        return target;
    }

    /// <summary>Replaces <c>best/</c> with the current trainable weights and the state that produced them.</summary>
    public void SaveBest(IReadOnlyList<(string Name, Parameter Parameter)> trainable, TrainerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var old = BestDirectory + ".old-" + Guid.NewGuid().ToString("N")[..8];
        WriteFolder(BestDirectory, temp =>
        {
            WriteWeights(Path.Combine(temp, WeightsFile), trainable, state.Step);
            File.WriteAllText(Path.Combine(temp, StateFile), JsonSerializer.Serialize(state, s_json));
            if (Directory.Exists(BestDirectory))
            {
                Directory.Move(BestDirectory, old);
            }
        });
        if (Directory.Exists(old))
        {
            Directory.Delete(old, recursive: true);
        }
    }

    /// <summary>The newest complete checkpoint folder, or null.</summary>
    public string? Latest() => Steps().Select(s => PathFor(s)).LastOrDefault();

    /// <summary>Steps of the complete checkpoints, ascending.</summary>
    public IReadOnlyList<long> Steps()
    {
        if (!Directory.Exists(CheckpointsDirectory))
        {
            return [];
        }

        var steps = new List<long>();
        foreach (var directory in Directory.GetDirectories(CheckpointsDirectory, StepPrefix + "*"))
        {
            var suffix = Path.GetFileName(directory)[StepPrefix.Length..];
            if (long.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var step) && File.Exists(Path.Combine(directory, StateFile)))
            {
                steps.Add(step);
            }
        }

        steps.Sort();
        return steps;
    }

    /// <summary>Copies a checkpoint's weights into <paramref name="trainable"/> (names must match exactly).</summary>
    public static void LoadWeights(string directory, IReadOnlyList<(string Name, Parameter Parameter)> trainable)
    {
        var file = Path.Combine(directory, WeightsFile);
        using var checkpoint = SafetensorsCheckpoint.Load(file);
        var expected = trainable.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Where(n => !checkpoint.Contains(n)).Order(StringComparer.Ordinal).ToList();
        var unexpected = checkpoint.Names.Where(n => !expected.Contains(n)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
        {
            throw new CheckpointFormatException(file, $"the checkpoint does not hold this run's trainable parameters (missing: {string.Join(", ", missing)}; unexpected: {string.Join(", ", unexpected)}).");
        }

        using (no_grad())
        {
            foreach (var (name, parameter) in trainable)
            {
                using var value = checkpoint.ReadTensor(name, parameter.dtype);
                if (!value.shape.SequenceEqual(parameter.shape))
                {
                    throw new CheckpointFormatException(file, $"'{name}' is [{string.Join(", ", value.shape)}] but the model expects [{string.Join(", ", parameter.shape)}].");
                }

                parameter.copy_(value);
            }
        }
    }

    public static void LoadOptimizer(string directory, AdamW optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var file = Path.Combine(directory, OptimizerFile);
        using var stream = File.OpenRead(file);
        using var reader = new BinaryReader(stream);
        try
        {
            optimizer.load_state_dict(reader);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException or EndOfStreamException)
        {
            throw new CheckpointFormatException(file, $"the optimizer state does not fit this run's parameters ({ex.Message}).");
        }
    }

    public static TrainerState LoadState(string directory)
    {
        var file = Path.Combine(directory, StateFile);
        try
        {
            return JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(file), s_json)
                ?? throw new CheckpointFormatException(file, "the file holds null.");
        }
        catch (JsonException ex)
        {
            throw new CheckpointFormatException(file, $"not a valid trainer state ({ex.Message}).");
        }
    }

    private static void WriteWeights(string path, IReadOnlyList<(string Name, Parameter Parameter)> trainable, long step)
    {
        using var scope = NewDisposeScope();
        var tensors = trainable.Select(t => new KeyValuePair<string, Tensor>(t.Name, t.Parameter.detach())).ToList();
        SafetensorsWriter.Write(path, tensors, new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["sharpen.step"] = step.ToString(CultureInfo.InvariantCulture),
        });
    }

    private static void WriteFolder(string target, Action<string> fill)
    {
        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".tmp-{Path.GetFileName(target)}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            fill(temp);
            Directory.Move(temp, target);
        }
        catch
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }

            throw;
        }
    }

    private void Prune()
    {
        var steps = Steps();
        foreach (var step in steps.Take(Math.Max(0, steps.Count - KeepLast)))
        {
            Directory.Delete(PathFor(step), recursive: true);
        }

        // Leftovers of a save that a kill interrupted.
        foreach (var temp in Directory.GetDirectories(CheckpointsDirectory, ".tmp-*"))
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}

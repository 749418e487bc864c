using System.Text;
using System.Text.Json;
using Sharpen.Modeling.Checkpoints;

namespace Sharpen.Modeling.Adapters;

/// <summary>
/// peft's <c>adapter_config.json</c> for plain LoRA: field names and meanings from peft's <c>LoraConfig</c>
/// (<c>src/peft/tuners/lora/config.py</c>). Writing records everything peft needs to rebuild the layers; reading accepts
/// only what these layers can reproduce and names the file and field otherwise (DoRA, bias training, per-module ranks
/// or alphas, modules_to_save, fan_in_fan_out and layer subsets are refused rather than silently ignored).
/// </summary>
internal static class PeftAdapterConfig
{
    public static string ToJson(LoraOptions options, string baseModelNameOrPath)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("alpha_pattern");
            json.WriteEndObject();
            json.WriteString("base_model_name_or_path", baseModelNameOrPath);
            json.WriteString("bias", "none");
            json.WriteBoolean("fan_in_fan_out", false);
            json.WriteBoolean("inference_mode", true);
            json.WriteBoolean("init_lora_weights", true);
            json.WriteNull("layers_pattern");
            json.WriteNull("layers_to_transform");
            json.WriteNumber("lora_alpha", options.Alpha);
            json.WriteNumber("lora_dropout", options.Dropout);
            json.WriteNull("modules_to_save");
            json.WriteString("peft_type", "LORA");
            json.WriteNumber("r", options.Rank);
            json.WriteStartObject("rank_pattern");
            json.WriteEndObject();
            json.WriteNull("revision");
            json.WriteStartArray("target_modules");
            foreach (var name in options.ResolvedTargetModules)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
            json.WriteString("task_type", "CAUSAL_LM");
            json.WriteBoolean("use_dora", false);
            json.WriteBoolean("use_rslora", options.UseRsLora);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public static LoraOptions Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No peft adapter config at '{path}'.", path);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException(path, $"is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}): {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CheckpointFormatException(path, "must hold a JSON object.");
            }

            var peftType = String(root, "peft_type", path);
            if (peftType != "LORA")
            {
                throw new CheckpointFormatException(path, $"peft_type is '{peftType}'; only LORA adapters are supported.");
            }

            RequireAbsentOr(root, "bias", path, e => e.ValueKind == JsonValueKind.String && e.GetString() == "none", "\"none\" (trained biases are not supported)");
            RequireAbsentOr(root, "use_dora", path, e => e.ValueKind == JsonValueKind.False, "false (DoRA is not supported)");
            RequireAbsentOr(root, "fan_in_fan_out", path, e => e.ValueKind == JsonValueKind.False, "false (Conv1D-style weights are not supported)");
            RequireAbsentOr(root, "modules_to_save", path, IsNullOrEmptyArray, "null (fully trained extra modules are not supported)");
            RequireAbsentOr(root, "layers_to_transform", path, e => e.ValueKind == JsonValueKind.Null, "null (adapting a subset of layers is not supported)");
            RequireAbsentOr(root, "rank_pattern", path, IsNullOrEmptyObject, "empty (per-module ranks are not supported)");
            RequireAbsentOr(root, "alpha_pattern", path, IsNullOrEmptyObject, "empty (per-module alphas are not supported)");

            var options = new LoraOptions
            {
                Rank = Int(root, "r", path),
                Alpha = Number(root, "lora_alpha", path),
                Dropout = root.TryGetProperty("lora_dropout", out var dropout) && dropout.ValueKind != JsonValueKind.Null ? Number(root, "lora_dropout", path) : 0,
                UseRsLora = root.TryGetProperty("use_rslora", out var rs) && rs.ValueKind == JsonValueKind.True,
                TargetModules = TargetModules(root, path),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                throw new CheckpointFormatException(path, e.Message, e);
            }

            return options;
        }
    }

    private static List<string> TargetModules(JsonElement root, string path)
    {
        if (!root.TryGetProperty("target_modules", out var targets))
        {
            throw new CheckpointFormatException(path, "target_modules is missing.");
        }

        if (targets.ValueKind == JsonValueKind.String)
        {
            return targets.GetString() == LoraOptions.AllLinear
                ? [LoraOptions.AllLinear]
                : throw new CheckpointFormatException(path, $"target_modules is the pattern '{targets.GetString()}'; only a list of names or '{LoraOptions.AllLinear}' is supported.");
        }

        if (targets.ValueKind != JsonValueKind.Array || targets.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw new CheckpointFormatException(path, "target_modules must be a list of module names.");
        }

        return [.. targets.EnumerateArray().Select(e => e.GetString()!)];
    }

    private static string String(JsonElement root, string name, string path) =>
        root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String
            ? e.GetString()!
            : throw new CheckpointFormatException(path, $"{name} must be a string.");

    private static int Int(JsonElement root, string name, string path) =>
        root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var value)
            ? value
            : throw new CheckpointFormatException(path, $"{name} must be an integer.");

    private static double Number(JsonElement root, string name, string path) =>
        root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number
            ? e.GetDouble()
            : throw new CheckpointFormatException(path, $"{name} must be a number.");

    private static void RequireAbsentOr(JsonElement root, string name, string path, Func<JsonElement, bool> ok, string expected)
    {
        if (root.TryGetProperty(name, out var e) && !ok(e))
        {
            throw new CheckpointFormatException(path, $"{name} is {e.GetRawText()}; it must be {expected}.");
        }
    }

    private static bool IsNullOrEmptyArray(JsonElement e) =>
        e.ValueKind == JsonValueKind.Null || (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() == 0);

    private static bool IsNullOrEmptyObject(JsonElement e) =>
        e.ValueKind == JsonValueKind.Null || (e.ValueKind == JsonValueKind.Object && !e.EnumerateObject().Any());
}

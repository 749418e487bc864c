using System.Text.Json;
using Sharpen.Hosting.Jobs;
using Sharpen.Server.Errors;

namespace Sharpen.Server.FineTuning;

/// <summary>
/// Reads OpenAI's create-job body into a <see cref="JobRequest"/>: types are checked here (with the field's path in
/// <c>param</c>), ranges and references by <see cref="JobService.Create"/>. Hyperparameters come from
/// <c>method.supervised.hyperparameters</c> or, when no method is given, the deprecated top-level <c>hyperparameters</c>.
/// Sharpen's own choices sit under <c>sharpen</c>: <c>{"method": "lora"|"qlora"|"full", "lora": {"rank", "alpha",
/// "dropout", "target_modules", "use_rslora", "train_embeddings"}}</c>; unknown keys there are refused, so a typo
/// never falls back to a default.
/// </summary>
internal static class FineTuningRequestReader
{
    private static readonly string[] s_loraKeys = ["rank", "alpha", "dropout", "target_modules", "use_rslora", "train_embeddings"];

    public static (JobRequest? Request, ApiError? Error) Read(JsonElement body)
    {
        try
        {
            return (Parse(body), null);
        }
        catch (FieldException ex)
        {
            return (null, ApiError.BadRequest(ex.Message, ex.Param, ex.Code));
        }
    }

    private static JobRequest Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new FieldException("The request body must be a JSON object.", null, "invalid_json");
        }

        var model = RequiredString(body, "model");
        var training = RequiredString(body, "training_file");
        var hyperparameters = new JobHyperparameters();
        if (Optional(body, "method") is { } method)
        {
            Expect(method, JsonValueKind.Object, "method");
            var type = Optional(method, "type") is { } t ? String(t, "method.type") : "supervised";
            if (type != "supervised")
            {
                throw new FieldException($"Invalid 'method.type': '{type}' is not supported by this server; use 'supervised'.", "method.type", "unsupported_value");
            }

            if (Optional(method, "supervised") is { } supervised && Optional(supervised, "hyperparameters") is { } h)
            {
                hyperparameters = Hyperparameters(h, "method.supervised.hyperparameters");
            }
        }
        else if (Optional(body, "hyperparameters") is { } legacy)
        {
            hyperparameters = Hyperparameters(legacy, "hyperparameters");
        }

        if (Optional(body, "integrations") is { } integrations && (integrations.ValueKind != JsonValueKind.Array || integrations.GetArrayLength() > 0))
        {
            throw new FieldException("Invalid 'integrations': this server reports to no third-party integration; send none.", "integrations", "unsupported_value");
        }

        return new JobRequest(model, training)
        {
            ValidationFile = Optional(body, "validation_file") is { } v ? String(v, "validation_file") : null,
            Suffix = Optional(body, "suffix") is { } s ? String(s, "suffix") : null,
            Seed = Optional(body, "seed") is { } seed ? Int(seed, "seed") : null,
            Metadata = Optional(body, "metadata") is { } metadata ? Metadata(metadata) : null,
            Hyperparameters = hyperparameters,
            Method = Optional(body, "sharpen") is { } sharpen ? SharpenOptions(sharpen) : new JobMethodOptions(),
        };
    }

    private static JobHyperparameters Hyperparameters(JsonElement h, string path)
    {
        Expect(h, JsonValueKind.Object, path);
        return new JobHyperparameters(
            AutoOr(h, "n_epochs", path, Int),
            AutoOr(h, "batch_size", path, Int),
            AutoOr(h, "learning_rate_multiplier", path, Double));
    }

    private static JobMethodOptions SharpenOptions(JsonElement sharpen)
    {
        Expect(sharpen, JsonValueKind.Object, "sharpen");
        RefuseUnknown(sharpen, "sharpen", ["method", "lora"]);
        var options = new JobMethodOptions();
        if (Optional(sharpen, "method") is { } method)
        {
            options = options with { Method = String(method, "sharpen.method") };
        }

        if (Optional(sharpen, "lora") is { } lora)
        {
            Expect(lora, JsonValueKind.Object, "sharpen.lora");
            RefuseUnknown(lora, "sharpen.lora", s_loraKeys);
            options = options with
            {
                LoraRank = Optional(lora, "rank") is { } r ? Int(r, "sharpen.lora.rank") : null,
                LoraAlpha = Optional(lora, "alpha") is { } a ? Double(a, "sharpen.lora.alpha") : null,
                LoraDropout = Optional(lora, "dropout") is { } d ? Double(d, "sharpen.lora.dropout") : null,
                LoraTargetModules = Optional(lora, "target_modules") is { } m ? String(m, "sharpen.lora.target_modules") : null,
                LoraUseRsLora = Optional(lora, "use_rslora") is { } rs ? Bool(rs, "sharpen.lora.use_rslora") : null,
                LoraTrainEmbeddings = Optional(lora, "train_embeddings") is { } e ? Bool(e, "sharpen.lora.train_embeddings") : null,
            };
        }

        return options;
    }

    private static Dictionary<string, string> Metadata(JsonElement metadata)
    {
        Expect(metadata, JsonValueKind.Object, "metadata");
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in metadata.EnumerateObject())
        {
            pairs[property.Name] = String(property.Value, "metadata." + property.Name);
        }

        return pairs;
    }

    private static T? AutoOr<T>(JsonElement parent, string name, string path, Func<JsonElement, string, T> read)
        where T : struct =>
        Optional(parent, name) is not { } value || (value.ValueKind == JsonValueKind.String && value.GetString() == "auto")
            ? null
            : read(value, path + "." + name);

    private static JsonElement? Optional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string RequiredString(JsonElement parent, string name) =>
        Optional(parent, name) is { } value
            ? String(value, name)
            : throw new FieldException($"Missing required parameter: '{name}'.", name, "missing_required_parameter");

    private static string String(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Invalid(path, "a string", value);

    private static int Int(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : throw Invalid(path, "an integer", value);

    private static double Double(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw Invalid(path, "a number", value);

    private static bool Bool(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Invalid(path, "true or false", value),
    };

    private static void Expect(JsonElement value, JsonValueKind kind, string path)
    {
        if (value.ValueKind != kind)
        {
            throw Invalid(path, "an object", value);
        }
    }

    private static void RefuseUnknown(JsonElement value, string path, IReadOnlyCollection<string> known)
    {
        foreach (var property in value.EnumerateObject().Where(p => !known.Contains(p.Name)))
        {
            throw new FieldException($"Unknown parameter: '{path}.{property.Name}'; known: {string.Join(", ", known)}.", $"{path}.{property.Name}", "unknown_parameter");
        }
    }

    private static FieldException Invalid(string path, string expected, JsonElement value) =>
        new($"Invalid type for '{path}': expected {expected}, but got {value.GetRawText()}.", path, "invalid_type");

    private sealed class FieldException(string message, string? param, string code) : Exception(message)
    {
        public string? Param { get; } = param;

        public string Code { get; } = code;
    }
}

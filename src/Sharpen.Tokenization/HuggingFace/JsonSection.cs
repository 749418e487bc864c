using System.Text.Json;

namespace Sharpen.Tokenization.HuggingFace;

/// <summary>
/// A JSON object inside a tokenizer file together with where it is (file and JSON path such as
/// <c>model.merges[12]</c>), so every read that fails says exactly what was expected and where.
/// </summary>
internal readonly struct JsonSection(JsonElement element, string filePath, string jsonPath)
{
    public JsonElement Element { get; } = element;

    public string FilePath { get; } = filePath;

    public string JsonPath { get; } = jsonPath;

    public static JsonDocument Parse(string filePath)
    {
        var bytes = TokenizerFile.ReadAllBytes(filePath);

        try
        {
            return JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? l + 1 : 0;
            var column = e.BytePositionInLine is { } c ? c + 1 : 0;
            throw new TokenizerFormatException(filePath, $"malformed JSON at line {line}, byte {column}: {e.Message}", e);
        }
    }

    public TokenizerFormatException Fail(string problem) =>
        new(FilePath, JsonPath.Length == 0 ? problem : $"{JsonPath}: {problem}");

    public JsonSection Child(string name, JsonElement value) => new(value, FilePath, Join(JsonPath, name));

    public bool Has(string name) =>
        Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>The named member as an object, or null when absent or JSON null.</summary>
    public JsonSection? OptionalObject(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object
            ? Child(name, value)
            : throw Fail($"'{name}' must be an object, found {value.ValueKind}");
    }

    public JsonSection Object(string name) => OptionalObject(name) ?? throw Fail($"missing object '{name}'");

    public IEnumerable<JsonSection> Array(string name)
    {
        if (!TryGet(name, out var value))
        {
            throw Fail($"missing array '{name}'");
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Fail($"'{name}' must be an array, found {value.ValueKind}");
        }

        var basePath = Join(JsonPath, name);
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            yield return new JsonSection(item, FilePath, $"{basePath}[{index++}]");
        }
    }

    public string? OptionalString(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw Fail($"'{name}' must be a string, found {value.ValueKind}");
    }

    public string String(string name) => OptionalString(name) ?? throw Fail($"missing string '{name}'");

    public bool? OptionalBool(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Fail($"'{name}' must be true or false, found {value.ValueKind}"),
        };
    }

    public bool Bool(string name, bool defaultValue) => OptionalBool(name) ?? defaultValue;

    public int? OptionalInt(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var result)
            ? result
            : throw Fail($"'{name}' must be a 32-bit integer, found {value}");
    }

    public int Int(string name) => OptionalInt(name) ?? throw Fail($"missing integer '{name}'");

    public string AsString() =>
        Element.ValueKind == JsonValueKind.String ? Element.GetString()! : throw Fail($"must be a string, found {Element.ValueKind}");

    public int AsInt() =>
        Element.ValueKind == JsonValueKind.Number && Element.TryGetInt32(out var value)
            ? value
            : throw Fail($"must be a 32-bit integer, found {Element}");

    private bool TryGet(string name, out JsonElement value)
    {
        if (Element.ValueKind != JsonValueKind.Object)
        {
            throw Fail($"must be an object, found {Element.ValueKind}");
        }

        return Element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    private static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";
}

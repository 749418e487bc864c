using System.Collections;
using System.Text.Json;

namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>
/// Turns the plain .NET values a caller passes (string, bool, integers, floating point, null, lists, string-keyed
/// dictionaries, <see cref="JsonElement"/>) into the template's value model, deeply and preserving key order.
/// Anything else is refused with the path of the offending value, rather than printing a .NET type name.
/// </summary>
internal static class ValueConverter
{
    public static object? Convert(object? value, string path) => value switch
    {
        null => null,
        string or bool or long or double or Markup or PyTuple or LazySequence or TemplateNamespace or ICallable or Undefined => value,
        int or short or byte or sbyte or uint or ushort => System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        ulong u => u <= long.MaxValue ? (object)(long)u : (double)u,
        float or decimal => System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
        char c => c.ToString(),
        JsonElement element => FromJson(element, path),
        IReadOnlyDictionary<string, object?> dict => dict.ToDictionary(kv => kv.Key, kv => Convert(kv.Value, $"{path}.{kv.Key}")),
        IDictionary<string, object?> dict => dict.ToDictionary(kv => kv.Key, kv => Convert(kv.Value, $"{path}.{kv.Key}")),
        IDictionary dict => ConvertDictionary(dict, path),
        IEnumerable sequence => sequence.Cast<object?>().Select((x, i) => Convert(x, $"{path}[{i}]")).ToList(),
        _ => throw new ArgumentException(
            $"Chat template context value at '{path}' has type {value.GetType().Name}; use string, bool, long, double, null, lists or string-keyed dictionaries.",
            nameof(value)),
    };

    public static object? FromJson(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) && !element.GetRawText().Contains('.', StringComparison.Ordinal)
            && !element.GetRawText().Contains('e', StringComparison.OrdinalIgnoreCase) ? (object)l : element.GetDouble(),
        JsonValueKind.Array => element.EnumerateArray().Select((x, i) => FromJson(x, $"{path}[{i}]")).ToList(),
        JsonValueKind.Object => ObjectFromJson(element, path),
        _ => throw new ArgumentException($"Unsupported JSON value at '{path}'.", nameof(element)),
    };

    private static Dictionary<string, object?> ObjectFromJson(JsonElement element, string path)
    {
        var result = new Dictionary<string, object?>();
        foreach (var property in element.EnumerateObject())
        {
            result[property.Name] = FromJson(property.Value, $"{path}.{property.Name}");
        }

        return result;
    }

    private static Dictionary<string, object?> ConvertDictionary(IDictionary dict, string path)
    {
        var result = new Dictionary<string, object?>();
        foreach (DictionaryEntry entry in dict)
        {
            var key = entry.Key as string
                ?? throw new ArgumentException($"Chat template context dictionary at '{path}' has a non-string key ({entry.Key.GetType().Name}).", nameof(dict));
            result[key] = Convert(entry.Value, $"{path}.{key}");
        }

        return result;
    }
}

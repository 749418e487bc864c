using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sharpen.Server;

/// <summary>
/// JSON as OpenAI's API writes it: snake_case names, nulls written (clients test <c>"param": null</c> and the like),
/// numbers strictly as numbers on input.
/// </summary>
internal static class WireJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        options.PropertyNameCaseInsensitive = false;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        return options;
    }
}

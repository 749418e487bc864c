using System.Text.Json;

namespace Sharpen.Data.Formats;

/// <summary>
/// Guesses the example format from the keys of the first records. Each record votes; the most common vote wins, so
/// one malformed first line (say, a typo in <c>messages</c>) does not turn a chat file into "unknown".
/// </summary>
internal static class FormatDetector
{
    private static readonly string[] s_labelColumns = ["label", "category", "intent", "class"];

    public static DetectedFormat? Detect(IEnumerable<JsonElement> records, ExampleFormat requested, ColumnMapping? mapping)
    {
        if (requested == ExampleFormat.Columns || (requested == ExampleFormat.Auto && mapping is not null))
        {
            return new DetectedFormat(ExampleFormat.Columns, mapping);
        }

        if (requested != ExampleFormat.Auto)
        {
            return new DetectedFormat(requested, null);
        }

        var votes = new Dictionary<string, (int Count, DetectedFormat Format)>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (Vote(record) is { } format)
            {
                var key = format.ToString();
                votes[key] = (votes.TryGetValue(key, out var v) ? v.Count + 1 : 1, format);
            }
        }

        return votes.Count == 0
            ? null
            : votes.Values.OrderByDescending(v => v.Count).ThenBy(v => v.Format.Format).First().Format;
    }

    private static DetectedFormat? Vote(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        bool Has(string key) => record.TryGetProperty(key, out _);
        if (Has("messages"))
        {
            return new DetectedFormat(ExampleFormat.Chat, null);
        }

        if (Has("input") && (Has("preferred_output") || Has("preferred_completion")))
        {
            return new DetectedFormat(ExampleFormat.Preference, null);
        }

        if (Has("conversations"))
        {
            return new DetectedFormat(ExampleFormat.ShareGpt, null);
        }

        if (Has("instruction") && Has("output"))
        {
            return new DetectedFormat(ExampleFormat.Alpaca, null);
        }

        if (Has("prompt") && Has("completion"))
        {
            return new DetectedFormat(ExampleFormat.PromptCompletion, null);
        }

        if (Has("question") && Has("answer"))
        {
            return new DetectedFormat(ExampleFormat.Columns, new ColumnMapping { Prompt = "question", Completion = "answer" });
        }

        if (Has("text"))
        {
            foreach (var label in s_labelColumns)
            {
                if (Has(label))
                {
                    return new DetectedFormat(ExampleFormat.Columns, ColumnMapping.Classification("text", label));
                }
            }

            return new DetectedFormat(ExampleFormat.Text, null);
        }

        return null;
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Sharpen.Evaluation.Metrics;

/// <summary>
/// Numeric answers in GSM8K style: the reference ends with <c>#### 72</c>; a prediction's answer is its own
/// <c>####</c> number if present, else the last number in the text. Commas and a trailing period are ignored.
/// </summary>
public static partial class NumericAnswer
{
    /// <summary>The answer number of <paramref name="text"/>, or null when it has none.</summary>
    public static decimal? Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var marker = text.LastIndexOf("####", StringComparison.Ordinal);
        var region = marker >= 0 ? text[(marker + 4)..] : text;
        var matches = Number().Matches(region);
        if (matches.Count == 0)
        {
            return null;
        }

        var raw = (marker >= 0 ? matches[0] : matches[^1]).Value.Replace(",", string.Empty, StringComparison.Ordinal).TrimEnd('.');
        return decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>1 when both texts have an answer number and they are equal, else 0.</summary>
    public static double Accuracy(string prediction, string reference) =>
        Extract(reference) is { } expected && Extract(prediction) is { } actual && actual == expected ? 1 : 0;

    [GeneratedRegex(@"-?\d[\d,]*(\.\d+)?")]
    private static partial Regex Number();
}

using System.Text;
using System.Text.Json;

namespace Sharpen.Data.Formats;

/// <summary>
/// A user-message template such as <c>"Classify the intent: {text}"</c>, parsed once: <c>{name}</c> inserts a
/// column's value, <c>{{</c>/<c>}}</c> are literal braces.
/// </summary>
internal sealed class PromptTemplate
{
    private readonly List<(bool IsColumn, string Text)> _parts = [];

    public PromptTemplate(string template)
    {
        var literal = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                literal.Append(c);
                i++;
            }
            else if (c == '{' && template.IndexOf('}', i + 1) is var close and > 0)
            {
                Flush(literal);
                _parts.Add((true, template[(i + 1)..close]));
                i = close;
            }
            else
            {
                literal.Append(c);
            }
        }

        Flush(literal);
    }

    public IEnumerable<string> Columns => _parts.Where(p => p.IsColumn).Select(p => p.Text);

    /// <summary>Renders the template, or returns the first missing column name.</summary>
    public string Render(JsonElement record, out string? missingColumn)
    {
        missingColumn = null;
        var builder = new StringBuilder();
        foreach (var (isColumn, text) in _parts)
        {
            if (!isColumn)
            {
                builder.Append(text);
            }
            else if (ExampleNormalizer.ScalarText(record, text) is { } value)
            {
                builder.Append(value);
            }
            else
            {
                missingColumn ??= text;
            }
        }

        return builder.ToString();
    }

    private void Flush(StringBuilder literal)
    {
        if (literal.Length > 0)
        {
            _parts.Add((false, literal.ToString()));
            literal.Clear();
        }
    }
}

using System.Text.Json;
using Sharpen.Tokenization.Templates;

namespace Sharpen.Tokenization.Tests.Templates;

/// <summary>
/// One Jinja feature per case (golden/snippets.json): printing, operators, Undefined, filters, tests, loops, scoping,
/// macros, whitespace control, Markup. Expected outputs and errors come from Python Jinja2 configured like
/// transformers (golden/jinja2-python-snippets.json, written by generate_jinja2.py), never from Sharpen.
/// </summary>
public sealed class ChatTemplateSnippetTests
{
    private static readonly Lazy<(JsonDocument Snippets, JsonDocument Expected)> s_files = new(() => (
        JsonDocument.Parse(File.ReadAllText(Path.Combine(GoldenCases.Folder, "snippets.json"))),
        JsonDocument.Parse(File.ReadAllText(Path.Combine(GoldenCases.Folder, "jinja2-python-snippets.json")))));

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var snippet in s_files.Value.Snippets.RootElement.GetProperty("snippets").EnumerateArray())
        {
            data.Add(snippet.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Render_Snippet_MatchesPythonJinja2(string name)
    {
        var snippet = s_files.Value.Snippets.RootElement.GetProperty("snippets").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == name);
        var expected = s_files.Value.Expected.RootElement.GetProperty("results").GetProperty(name);
        var context = new Dictionary<string, object?>();
        if (snippet.TryGetProperty("context", out var fields))
        {
            foreach (var field in fields.EnumerateObject())
            {
                context[field.Name] = ChatTemplateContext.FromJson(field.Value);
            }
        }

        var template = ChatTemplate.Parse(snippet.GetProperty("template").GetString()!, name);

        if (expected.TryGetProperty("output", out var output))
        {
            Assert.Equal(output.GetString(), template.Render(context, GoldenCases.Clock));
            return;
        }

        var error = Assert.Throws<ChatTemplateException>(() => template.Render(context, GoldenCases.Clock));
        Assert.Equal(expected.GetProperty("error").GetString(), error.Reason);
        Assert.Equal(expected.GetProperty("errorType").GetString() == "TemplateError" ? ChatTemplateErrorKind.Raised : ChatTemplateErrorKind.Runtime, error.Kind);
    }
}

using System.Text.Json;
using Sharpen.Tokenization.Templates;

namespace Sharpen.Tokenization.Tests.Templates;

/// <summary>
/// Every shared chat template (shared/tokenizers/chat-templates/*.jinja and each tokenizer_config.json with a
/// chat_template) rendered with every conversation of golden/conversations.json must match the references exactly.
/// Expected values come from outside Sharpen: Python Jinja2 configured like transformers (jinja2-python.json) and
/// Hugging Face's @huggingface/jinja (hf-jinja-js.json). Where the two disagree (reference-differences.json, each
/// case explained) Sharpen follows Python, which is what transformers runs.
/// </summary>
public sealed class ChatTemplateGoldenTests
{
    public static TheoryData<string, string> Cases => GoldenCases.All();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_SharedTemplateAndConversation_MatchesReference(string template, string conversation)
    {
        var expected = GoldenCases.Python.GetProperty(template).GetProperty(conversation);
        var chatTemplate = GoldenCases.Template(template);
        var context = GoldenCases.Context(conversation);

        if (expected.TryGetProperty("output", out var output))
        {
            Assert.Equal(output.GetString(), chatTemplate.Render(context, GoldenCases.Clock));
            return;
        }

        var error = Assert.Throws<ChatTemplateException>(() => chatTemplate.Render(context, GoldenCases.Clock));
        if (expected.GetProperty("errorType").GetString() == "TemplateError")
        {
            // raise_exception: the template's own message must come through unchanged.
            Assert.Equal(ChatTemplateErrorKind.Raised, error.Kind);
            Assert.Equal(expected.GetProperty("error").GetString(), error.Reason);
        }
        else
        {
            Assert.Equal(ChatTemplateErrorKind.Runtime, error.Kind);
        }

        Assert.True(error.Line >= 1 && error.Column >= 1);
    }

    [Fact]
    public void References_DisagreeOnlyWhereDocumented()
    {
        var differing = new HashSet<(string, string)>();
        foreach (var template in GoldenCases.Python.EnumerateObject())
        {
            foreach (var conversation in template.Value.EnumerateObject())
            {
                var python = conversation.Value;
                var javascript = GoldenCases.JavaScript.GetProperty(template.Name).GetProperty(conversation.Name);
                if (Outcome(python) != Outcome(javascript))
                {
                    differing.Add((template.Name, conversation.Name));
                }
            }
        }

        var documented = GoldenCases.DocumentedDifferences.Select(d => (d.Template, d.Conversation)).ToHashSet();
        Assert.Equal(documented.Order(), differing.Order());
        Assert.All(GoldenCases.DocumentedDifferences, d => Assert.False(string.IsNullOrWhiteSpace(d.Reason)));
    }

    [Fact]
    public void Goldens_CoverEverySharedTemplate()
    {
        var jinjaFiles = Directory.GetFiles(Sharpen.TestKit.SharedData.Path("tokenizers", "chat-templates"), "*.jinja")
            .Select(f => "chat-templates/" + Path.GetFileName(f));
        var configs = Directory.GetDirectories(Sharpen.TestKit.SharedData.Path("tokenizers"))
            .Select(d => Path.Combine(d, "tokenizer_config.json"))
            .Where(File.Exists)
            .Where(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.TryGetProperty("chat_template", out var t) && t.ValueKind != JsonValueKind.Null)
            .Select(f => Path.GetFileName(Path.GetDirectoryName(f)) + "/tokenizer_config.json");
        var covered = GoldenCases.Python.EnumerateObject().Select(p => p.Name.Split('#')[0]).ToHashSet();

        Assert.All(jinjaFiles.Concat(configs), id => Assert.Contains(id, covered));
    }

    private static string Outcome(JsonElement result) =>
        result.TryGetProperty("output", out var output) ? "output:" + output.GetString() : "error";
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Sharpen.TestKit;
using Sharpen.Tokenization.Templates;

namespace Sharpen.Tokenization.Tests.Templates;

/// <summary>
/// The golden fixtures in <c>Templates/golden</c>: the shared templates, the test conversations, and the renderings
/// of two outside reference engines (see generate.mjs and generate_jinja2.py there for provenance). Each template is
/// parsed once per test run.
/// </summary>
internal static class GoldenCases
{
    private static readonly Lazy<JsonDocument> s_conversations = new(() => Load("conversations.json"));
    private static readonly Lazy<JsonDocument> s_python = new(() => Load("jinja2-python.json"));
    private static readonly Lazy<JsonDocument> s_javascript = new(() => Load("hf-jinja-js.json"));
    private static readonly Lazy<JsonDocument> s_differences = new(() => Load("reference-differences.json"));
    private static readonly ConcurrentDictionary<string, ChatTemplate> s_templates = new();

    public static string Folder => Path.Combine(SharedData.RepositoryRoot, "tests", "Sharpen.Tokenization.Tests", "Templates", "golden");

    public static JsonElement Python => s_python.Value.RootElement.GetProperty("results");

    public static JsonElement JavaScript => s_javascript.Value.RootElement.GetProperty("results");

    public static JsonElement Conversations => s_conversations.Value.RootElement;

    public static IEnumerable<(string Template, string Conversation, string Reason)> DocumentedDifferences =>
        s_differences.Value.RootElement.GetProperty("differences").EnumerateArray()
            .Select(d => (d.GetProperty("template").GetString()!, d.GetProperty("conversation").GetString()!, d.GetProperty("reason").GetString()!));

    public static TheoryData<string, string> All()
    {
        var data = new TheoryData<string, string>();
        foreach (var template in Python.EnumerateObject())
        {
            foreach (var conversation in template.Value.EnumerateObject())
            {
                data.Add(template.Name, conversation.Name);
            }
        }

        return data;
    }

    /// <summary>A template id is a path under shared/tokenizers; "x/tokenizer_config.json" means its chat_template.</summary>
    public static ChatTemplate Template(string id) => s_templates.GetOrAdd(id, key =>
    {
        var parts = key.Split('#');
        var path = SharedData.Path(["tokenizers", .. parts[0].Split('/')]);
        return parts[0].EndsWith(".jinja", StringComparison.Ordinal)
            ? ChatTemplateLoader.FromJinjaFile(path)
            : ChatTemplateLoader.FromTokenizerConfig(path, parts.Length > 1 ? parts[1] : null);
    });

    /// <summary>The context both generators pass: tools/documents null unless given, the tokens, then the conversation's fields.</summary>
    public static Dictionary<string, object?> Context(string conversationName)
    {
        var context = new Dictionary<string, object?> { ["tools"] = null, ["documents"] = null };
        foreach (var token in Conversations.GetProperty("tokens").EnumerateObject())
        {
            context[token.Name] = token.Value.GetString();
        }

        var conversation = Conversations.GetProperty("conversations").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == conversationName);
        foreach (var field in conversation.EnumerateObject())
        {
            if (field.Name is not ("name" or "description"))
            {
                context[field.Name] = ChatTemplateContext.FromJson(field.Value);
            }
        }

        return context;
    }

    public static TimeProvider Clock => new FixedClock(new DateTimeOffset(
        DateTime.Parse(Conversations.GetProperty("clock").GetString()!, CultureInfo.InvariantCulture), TimeSpan.Zero));

    private static JsonDocument Load(string name) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, name)));
}

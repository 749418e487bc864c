using Sharpen.Tokenization.Templates;

namespace Sharpen.Tokenization.Tests.Templates;

/// <summary>
/// The context helper must build what transformers passes; checked by rendering golden conversations built from
/// <see cref="ChatMessage"/> records and comparing with the Python reference renderings of the same conversations.
/// </summary>
public sealed class ChatTemplateContextTests
{
    [Fact]
    public void Create_MultiTurnConversation_RendersLikeReference()
    {
        var context = ChatTemplateContext.Create(
            [
                new ChatMessage("system", "You are a helpful assistant."),
                new ChatMessage("user", "Name a prime number."),
                new ChatMessage("assistant", "7 is a prime number."),
                new ChatMessage("user", "And an even one?"),
            ],
            addGenerationPrompt: true,
            bosToken: "<s>",
            eosToken: "</s>");

        foreach (var id in new[] { "chat-templates/meta-llama-Llama-3.2-3B-Instruct.jinja", "chat-templates/Qwen-Qwen2.5-7B-Instruct.jinja", "chat-templates/mistralai-Mistral-Nemo-Instruct-2407.jinja" })
        {
            var expected = GoldenCases.Python.GetProperty(id).GetProperty("multi-turn").GetProperty("output").GetString();
            Assert.Equal(expected, GoldenCases.Template(id).Render(context, GoldenCases.Clock));
        }
    }

    [Fact]
    public void Create_ToolCallWithDictArguments_RendersLikeReference()
    {
        var tools = (IReadOnlyList<object?>)GoldenCases.Context("tool-call-dict-arguments")["tools"]!;
        var context = ChatTemplateContext.Create(
            [
                new ChatMessage("system", "You are a weather bot."),
                new ChatMessage("user", "Hey, what's the temperature in Paris right now?"),
                new ChatMessage("assistant", null, [new ChatToolCall("get_current_temperature", new Dictionary<string, object?> { ["location"] = "Paris, France", ["unit"] = "celsius" }, "call12345")]),
                new ChatMessage("tool", "22.0", ToolCallId: "call12345", Name: "get_current_temperature"),
                new ChatMessage("assistant", "It is 22 degrees Celsius in Paris."),
                new ChatMessage("user", "Thanks!"),
            ],
            addGenerationPrompt: true,
            bosToken: "<s>",
            eosToken: "</s>",
            tools: tools);

        // Qwen and Hermes read tool_calls/tool results; Qwen checks "message.content" truthiness, so a null content
        // renders the same as the reference conversation (which omits content on the tool-call turn).
        foreach (var id in new[] { "chat-templates/Qwen-Qwen2.5-7B-Instruct.jinja", "chat-templates/NousResearch-Hermes-2-Pro-Llama-3-8B-tool_use.jinja", "chat-templates/meta-llama-Llama-3.1-8B-Instruct.jinja" })
        {
            var expected = GoldenCases.Python.GetProperty(id).GetProperty("tool-call-dict-arguments").GetProperty("output").GetString();
            Assert.Equal(expected, GoldenCases.Template(id).Render(context, GoldenCases.Clock));
        }
    }

    [Fact]
    public void Create_WithoutTools_PassesNullToolsAndDocuments()
    {
        var context = ChatTemplateContext.Create([new ChatMessage("user", "hi")], addGenerationPrompt: false);

        Assert.True(context.ContainsKey("tools"));
        Assert.Null(context["tools"]);
        Assert.True(context.ContainsKey("documents"));
        Assert.False(context.ContainsKey("bos_token"));
        Assert.Equal("True|True|False", ChatTemplate.Parse("{{ tools is defined }}|{{ tools is none }}|{{ bos_token is defined }}").Render(context));
    }
}

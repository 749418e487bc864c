using Sharpen.TestKit;
using Sharpen.Tokenization.Templates;

namespace Sharpen.Tokenization.Tests.Templates;

public sealed class ChatTemplateLoaderTests
{
    [Fact]
    public void FromTokenizerConfig_StringForm_LoadsSharedTemplate()
    {
        var path = SharedData.Path("tokenizers", "qwen2.5-derived", "tokenizer_config.json");

        var template = ChatTemplateLoader.FromTokenizerConfig(path);

        Assert.Equal(path, template.Name);
        Assert.Contains("<|im_start|>", template.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void FromTokenizerConfig_ListForm_PicksNamedTemplate()
    {
        using var dir = new TempDirectory();
        var path = dir.File("tokenizer_config.json");
        File.WriteAllText(path, """{"chat_template": [{"name": "default", "template": "D{{ x }}"}, {"name": "tool_use", "template": "T{{ x }}"}]}""");
        var context = new Dictionary<string, object?> { ["x"] = 1L };

        Assert.Equal("D1", ChatTemplateLoader.FromTokenizerConfig(path).Render(context));
        Assert.Equal("T1", ChatTemplateLoader.FromTokenizerConfig(path, "tool_use").Render(context));
        var missing = Assert.Throws<InvalidDataException>(() => ChatTemplateLoader.FromTokenizerConfig(path, "rag"));
        Assert.Contains("default, tool_use", missing.Message, StringComparison.Ordinal);
        Assert.Contains(path, missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromTokenizerConfig_NoChatTemplate_NamesTheFile()
    {
        var path = SharedData.Path("tokenizers", "gpt2", "tokenizer_config.json");

        var error = Assert.Throws<InvalidDataException>(() => ChatTemplateLoader.FromTokenizerConfig(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("no chat_template", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromTokenizerConfig_InvalidJson_ReportsFileAndLine()
    {
        using var dir = new TempDirectory();
        var path = dir.File("tokenizer_config.json");
        File.WriteAllText(path, "{\n  \"chat_template\": \"x\",\n  oops\n}");

        var error = Assert.Throws<InvalidDataException>(() => ChatTemplateLoader.FromTokenizerConfig(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromModelDirectory_PrefersChatTemplateJinja()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tokenizer_config.json"), """{"chat_template": "from config"}""");
        File.WriteAllText(dir.File("chat_template.jinja"), "from jinja file\n");

        Assert.Equal("from jinja file", ChatTemplateLoader.FromModelDirectory(dir.Path).Render(new Dictionary<string, object?>()));
        File.Delete(dir.File("chat_template.jinja"));
        Assert.Equal("from config", ChatTemplateLoader.FromModelDirectory(dir.Path).Render(new Dictionary<string, object?>()));
    }

    [Fact]
    public void FromJinjaFile_SyntaxError_NamesTheFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.jinja");
        File.WriteAllText(path, "{% if x %}never closed");

        var error = Assert.Throws<ChatTemplateException>(() => ChatTemplateLoader.FromJinjaFile(path));

        Assert.Equal(path, error.TemplateName);
        Assert.StartsWith(path + ", line 1, column 1:", error.Message, StringComparison.Ordinal);
    }
}

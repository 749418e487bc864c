using Sharpen.Tokenization.Templates;

namespace Sharpen.Tokenization.Tests.Templates;

/// <summary>Errors name the template, line and column; positions below are read off the template text itself.</summary>
public sealed class ChatTemplateTests
{
    private static readonly Dictionary<string, object?> s_empty = [];

    [Fact]
    public void Parse_UnknownFilter_ReportsSyntaxErrorAtFilterName()
    {
        var error = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse("line one\n{{ x | nofilter }}", "t.jinja"));

        Assert.Equal(ChatTemplateErrorKind.Syntax, error.Kind);
        Assert.Equal((2, 8), (error.Line, error.Column));
        Assert.Equal("No filter named 'nofilter'.", error.Reason);
        Assert.StartsWith("t.jinja, line 2, column 8:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownTest_ReportsSyntaxError()
    {
        var error = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse("{% if x is shiny %}{% endif %}"));

        Assert.Equal(ChatTemplateErrorKind.Syntax, error.Kind);
        Assert.Equal((1, 12), (error.Line, error.Column));
    }

    [Fact]
    public void Parse_UnclosedFor_NamesTheBlockAndWhereItOpened()
    {
        var error = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse("a\n  {% for m in messages %}{{ m }}"));

        Assert.Equal(ChatTemplateErrorKind.Syntax, error.Kind);
        Assert.Equal((2, 3), (error.Line, error.Column));
        Assert.Contains("'endfor'", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{ 'unterminated }}", 1, 4)]
    [InlineData("{% set %}", 1, 8)]
    [InlineData("{{ (1 }}", 1, 7)]
    [InlineData("{% frobnicate %}", 1, 4)]
    [InlineData("x\n{# never closed", 2, 1)]
    [InlineData("{{ a ]] }}", 1, 6)]
    [InlineData("{% break %}", 1, 4)]
    public void Parse_MalformedTemplate_ThrowsSyntaxErrorWithPosition(string source, int line, int column)
    {
        var error = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse(source));

        Assert.Equal(ChatTemplateErrorKind.Syntax, error.Kind);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void Render_RaiseException_CarriesTemplateMessageAndCallPosition()
    {
        var template = ChatTemplate.Parse("{% for m in messages %}\n{% if m.role == 'villain' %}\n  {{ raise_exception('Bad role: ' + m.role) }}\n{% endif %}{% endfor %}");
        var context = ChatTemplateContext.Create([new ChatMessage("villain", "hi")], addGenerationPrompt: false);

        var error = Assert.Throws<ChatTemplateException>(() => template.Render(context));

        Assert.Equal(ChatTemplateErrorKind.Raised, error.Kind);
        Assert.Equal("Bad role: villain", error.Reason);
        Assert.Equal((3, 6), (error.Line, error.Column));
    }

    [Fact]
    public void Render_UndefinedAttribute_IsRuntimeErrorAtTheAccess()
    {
        var template = ChatTemplate.Parse("ok\n{{ nothing.here }}");

        var error = Assert.Throws<ChatTemplateException>(() => template.Render(s_empty));

        Assert.Equal(ChatTemplateErrorKind.Runtime, error.Kind);
        Assert.Equal("'nothing' is undefined", error.Reason);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Render_UnsupportedContextType_NamesThePath()
    {
        var template = ChatTemplate.Parse("{{ x }}");
        var context = new Dictionary<string, object?> { ["x"] = new Dictionary<string, object?> { ["when"] = DateTime.UnixEpoch } };

        var error = Assert.Throws<ArgumentException>(() => template.Render(context));

        Assert.Contains("x.when", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_CrLfSource_BehavesLikeLf()
    {
        var lf = ChatTemplate.Parse("{% if true %}\nA\n{% endif %}\nB\n").Render(s_empty);
        var crlf = ChatTemplate.Parse("{% if true %}\r\nA\r\n{% endif %}\r\nB\r\n").Render(s_empty);

        // Jinja normalises newlines, trim_blocks drops the newline after each block tag, and one trailing newline goes.
        Assert.Equal("A\nB", lf);
        Assert.Equal(lf, crlf);
    }

    [Fact]
    public void Render_SameTemplateFromManyThreads_GivesSameOutput()
    {
        var template = GoldenCases.Template("chat-templates/Qwen-Qwen2.5-7B-Instruct.jinja");
        var context = GoldenCases.Context("tool-call-dict-arguments");
        var expected = template.Render(context, GoldenCases.Clock);

        var outputs = Enumerable.Range(0, 16).AsParallel().Select(_ => template.Render(context, GoldenCases.Clock)).ToList();

        Assert.All(outputs, o => Assert.Equal(expected, o));
    }
}

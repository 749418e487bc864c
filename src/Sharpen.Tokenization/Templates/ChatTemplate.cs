using Sharpen.Tokenization.Templates.Lexing;
using Sharpen.Tokenization.Templates.Runtime;
using Sharpen.Tokenization.Templates.Syntax;

namespace Sharpen.Tokenization.Templates;

/// <summary>
/// A Hugging Face chat template (the Jinja <c>chat_template</c> of <c>tokenizer_config.json</c> or a
/// <c>.jinja</c> file), parsed once and rendered per conversation. There is no Jinja engine for .NET, so Sharpen
/// implements the subset real chat templates use, with the semantics of transformers' <c>apply_chat_template</c>:
/// Python Jinja2 with <c>trim_blocks</c> and <c>lstrip_blocks</c>, Python value semantics (None prints "None",
/// generators from <c>map</c>/<c>select</c>, Markup escaping after <c>safe</c>), <c>tojson</c> as
/// <c>json.dumps(ensure_ascii=False)</c>, and the <c>raise_exception</c> and <c>strftime_now</c> globals.
/// A parsed template is immutable and can be rendered from several threads at once.
/// </summary>
public sealed class ChatTemplate
{
    private readonly IReadOnlyList<Stmt> _program;
    private readonly SourceMap _sourceMap;

    private ChatTemplate(string name, string source, IReadOnlyList<Stmt> program, SourceMap sourceMap)
    {
        Name = name;
        Source = source;
        _program = program;
        _sourceMap = sourceMap;
    }

    /// <summary>The template's name in error messages (its file path, or "chat template").</summary>
    public string Name { get; }

    /// <summary>The template source as given.</summary>
    public string Source { get; }

    /// <summary>
    /// Parses a template. Syntax errors, unknown tags, filters and tests throw <see cref="ChatTemplateException"/>
    /// with <see cref="ChatTemplateErrorKind.Syntax"/>, the line and the column.
    /// </summary>
    public static ChatTemplate Parse(string source, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var templateName = name ?? "chat template";
        var normalized = TemplateLexer.Normalize(source);
        var sourceMap = new SourceMap(normalized);
        try
        {
            var tokens = TemplateLexer.Tokenize(normalized);
            var program = TemplateParser.Parse(tokens, BuiltinFilters.Exists, BuiltinTests.Exists);
            return new ChatTemplate(templateName, source, program, sourceMap);
        }
        catch (TemplateError e)
        {
            throw ToPublic(e, templateName, sourceMap);
        }
    }

    /// <summary>Renders with the system clock for <c>strftime_now</c>.</summary>
    public string Render(IReadOnlyDictionary<string, object?> context) => Render(context, TimeProvider.System);

    /// <summary>
    /// Renders the template. <paramref name="context"/> holds plain .NET values (string, bool, long, double, null,
    /// <c>IReadOnlyList&lt;object?&gt;</c>, <c>IReadOnlyDictionary&lt;string, object?&gt;</c>); build the usual one with
    /// <see cref="ChatTemplateContext.Create"/>. <paramref name="clock"/> feeds <c>strftime_now</c> (local time, as in
    /// transformers). Failures throw <see cref="ChatTemplateException"/>: <see cref="ChatTemplateErrorKind.Raised"/>
    /// when the template called <c>raise_exception</c>, otherwise <see cref="ChatTemplateErrorKind.Runtime"/>.
    /// </summary>
    public string Render(IReadOnlyDictionary<string, object?> context, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(clock);
        var globals = TemplateGlobals.Create(clock);
        var contextScope = new Scope(globals);
        foreach (var (key, value) in context)
        {
            contextScope.Set(key, ValueConverter.Convert(value, key));
        }

        try
        {
            return new TemplateInterpreter().RenderBody(_program, new Scope(contextScope));
        }
        catch (TemplateError e)
        {
            throw ToPublic(e, Name, _sourceMap);
        }
    }

    private static ChatTemplateException ToPublic(TemplateError error, string name, SourceMap sourceMap)
    {
        var (line, column) = sourceMap.Locate(Math.Max(error.Position, 0));
        return new ChatTemplateException(error.Kind, error.Message, name, line, column, error);
    }
}

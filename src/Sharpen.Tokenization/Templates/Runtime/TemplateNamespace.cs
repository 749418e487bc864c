namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>Jinja's <c>namespace()</c>: the one object whose attributes <c>{% set ns.x = ... %}</c> may assign, so state can leave a loop.</summary>
internal sealed class TemplateNamespace(Dictionary<string, object?> attributes)
{
    public Dictionary<string, object?> Attributes { get; } = attributes;
}

namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>
/// markupsafe's <c>Markup</c>: a string marked safe by the <c>safe</c> or <c>escape</c> filter. Python Jinja keeps
/// the type through concatenation, and <c>Markup + str</c> (either order) HTML-escapes the plain string; real templates
/// hit this (functionary v3.1 builds its tool list as <c>"..."|safe + name + ...</c>), so Sharpen does the same.
/// </summary>
internal sealed record Markup(string Value)
{
    public override string ToString() => Value;
}

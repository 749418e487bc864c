namespace Sharpen.Tokenization.Templates.Lexing;

/// <summary>One token with its offset in the template source (for line/column in error messages).</summary>
internal readonly record struct TemplateToken(TokenKind Kind, string Value, int Position)
{
    public bool Is(TokenKind kind, string value) => Kind == kind && Value == value;

    public bool IsName(string name) => Kind == TokenKind.Name && Value == name;

    public bool IsOperator(string op) => Kind == TokenKind.Operator && Value == op;

    public override string ToString() => Kind switch
    {
        TokenKind.End => "end of template",
        TokenKind.Data => "template text",
        TokenKind.String => $"string '{Value}'",
        _ => $"'{Value}'",
    };
}

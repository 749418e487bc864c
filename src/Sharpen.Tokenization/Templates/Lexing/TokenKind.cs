namespace Sharpen.Tokenization.Templates.Lexing;

/// <summary>Kinds of token the template lexer produces (Jinja's token types, minus comments, which are dropped).</summary>
internal enum TokenKind
{
    /// <summary>Literal template text between tags.</summary>
    Data,

    /// <summary><c>{%</c>.</summary>
    BlockBegin,

    /// <summary><c>%}</c>.</summary>
    BlockEnd,

    /// <summary><c>{{</c>.</summary>
    VariableBegin,

    /// <summary><c>}}</c>.</summary>
    VariableEnd,

    /// <summary>An identifier or keyword (<c>for</c>, <c>and</c>, <c>none</c>...).</summary>
    Name,

    /// <summary>A string literal, already unescaped.</summary>
    String,

    /// <summary>An integer literal.</summary>
    Integer,

    /// <summary>A float literal.</summary>
    Float,

    /// <summary>An operator or punctuation (<c>+</c>, <c>==</c>, <c>(</c>, <c>|</c>...).</summary>
    Operator,

    /// <summary>End of the template.</summary>
    End,
}

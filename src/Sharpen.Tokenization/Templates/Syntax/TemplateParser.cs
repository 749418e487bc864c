using System.Globalization;
using Sharpen.Tokenization.Templates.Lexing;

namespace Sharpen.Tokenization.Templates.Syntax;

/// <summary>
/// Recursive-descent parser for the Jinja subset chat templates use, following the grammar and operator precedence
/// of Python Jinja2's parser (conditional &lt; or &lt; and &lt; not &lt; comparison &lt; +,- &lt; ~ &lt; *,/,//,% &lt; ** &lt;
/// unary, with filters and tests binding to the unary operand). Unknown filters and tests are rejected here, as
/// Jinja rejects them when compiling, so a typo fails at load time with its line and column.
/// </summary>
internal sealed class TemplateParser
{
    private static readonly HashSet<string> s_compareOperators = ["==", "!=", "<", ">", "<=", ">="];

    private readonly List<TemplateToken> _tokens;
    private readonly Func<string, bool> _isFilter;
    private readonly Func<string, bool> _isTest;
    private int _index;
    private int _loopDepth;

    private TemplateParser(List<TemplateToken> tokens, Func<string, bool> isFilter, Func<string, bool> isTest)
    {
        _tokens = tokens;
        _isFilter = isFilter;
        _isTest = isTest;
    }

    public static IReadOnlyList<Stmt> Parse(List<TemplateToken> tokens, Func<string, bool> isFilter, Func<string, bool> isTest)
    {
        var parser = new TemplateParser(tokens, isFilter, isTest);
        var body = parser.Subparse(null);
        if (parser.Current.Kind != TokenKind.End)
        {
            throw TemplateError.Syntax($"Unexpected {parser.Current}.", parser.Current.Position);
        }

        return body;
    }

    private TemplateToken Current => _tokens[_index];

    private TemplateToken Peek(int offset = 1) => _tokens[Math.Min(_index + offset, _tokens.Count - 1)];

    private TemplateToken Next()
    {
        var token = _tokens[_index];
        if (_index < _tokens.Count - 1)
        {
            _index++;
        }

        return token;
    }

    private bool SkipOperator(string op)
    {
        if (Current.IsOperator(op))
        {
            Next();
            return true;
        }

        return false;
    }

    private bool SkipName(string name)
    {
        if (Current.IsName(name))
        {
            Next();
            return true;
        }

        return false;
    }

    private TemplateToken ExpectOperator(string op)
    {
        if (!Current.IsOperator(op))
        {
            throw TemplateError.Syntax($"Expected '{op}', got {Current}.", Current.Position);
        }

        return Next();
    }

    private TemplateToken ExpectName()
    {
        if (Current.Kind != TokenKind.Name)
        {
            throw TemplateError.Syntax($"Expected a name, got {Current}.", Current.Position);
        }

        return Next();
    }

    private void ExpectBlockEnd()
    {
        if (Current.Kind != TokenKind.BlockEnd)
        {
            throw TemplateError.Syntax($"Expected end of block tag ('%}}'), got {Current}.", Current.Position);
        }

        Next();
    }

    /// <summary>
    /// Parses statements until a block tag whose first word is one of <paramref name="endTags"/>; returns with that
    /// word as the current token.
    /// </summary>
    private List<Stmt> Subparse(string[]? endTags, string? innermost = null, int openedAt = 0)
    {
        var body = new List<Stmt>();
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.Data:
                    Next();
                    body.Add(new Stmt.Text(token.Value, token.Position));
                    break;
                case TokenKind.VariableBegin:
                    Next();
                    var value = ParseTuple(withCondition: true);
                    if (Current.Kind != TokenKind.VariableEnd)
                    {
                        throw TemplateError.Syntax($"Expected end of print statement ('}}}}'), got {Current}.", Current.Position);
                    }

                    Next();
                    body.Add(new Stmt.Output(value, token.Position));
                    break;
                case TokenKind.BlockBegin:
                    Next();
                    if (endTags is not null && Current.Kind == TokenKind.Name && endTags.Contains(Current.Value))
                    {
                        return body;
                    }

                    body.Add(ParseStatement(token.Position, endTags));
                    break;
                case TokenKind.End:
                    if (endTags is not null)
                    {
                        var expected = string.Join(" or ", endTags.Select(t => $"'{t}'"));
                        throw TemplateError.Syntax(
                            $"Unexpected end of template. Jinja was looking for the following tags: {expected}. The innermost block that needs to be closed is '{innermost}'.",
                            openedAt);
                    }

                    return body;
                default:
                    throw TemplateError.Syntax($"Unexpected {token}.", token.Position);
            }
        }
    }

    private Stmt ParseStatement(int tagPosition, string[]? enclosingEndTags)
    {
        var keyword = Current;
        if (keyword.Kind != TokenKind.Name)
        {
            throw TemplateError.Syntax($"Expected a tag name after '{{%', got {keyword}.", keyword.Position);
        }

        Next();
        switch (keyword.Value)
        {
            case "if": return ParseIf(tagPosition);
            case "for": return ParseFor(tagPosition);
            case "set": return ParseSet(tagPosition);
            case "macro": return ParseMacro(tagPosition);
            case "call": return ParseCallBlock(tagPosition);
            case "filter": return ParseFilterBlock(tagPosition);
            case "generation":
                ExpectBlockEnd();
                var generationBody = Subparse(["endgeneration"], "generation", tagPosition);
                Next();
                ExpectBlockEnd();
                return new Stmt.Generation(generationBody, tagPosition);
            case "break" or "continue":
                if (_loopDepth == 0)
                {
                    throw TemplateError.Syntax($"'{keyword.Value}' is only allowed inside a for loop.", keyword.Position);
                }

                ExpectBlockEnd();
                return keyword.Value == "break" ? new Stmt.Break(tagPosition) : new Stmt.Continue(tagPosition);
            default:
                var hint = enclosingEndTags is null
                    ? ""
                    : $" Jinja was looking for the following tags: {string.Join(" or ", enclosingEndTags.Select(t => $"'{t}'"))}.";
                throw TemplateError.Syntax($"Encountered unknown tag '{keyword.Value}'.{hint}", keyword.Position);
        }
    }

    private Stmt.If ParseIf(int position)
    {
        var branches = new List<(Expr, IReadOnlyList<Stmt>)>();
        IReadOnlyList<Stmt>? otherwise = null;
        var test = ParseTuple(withCondition: false);
        ExpectBlockEnd();
        while (true)
        {
            var body = Subparse(["elif", "else", "endif"], "if", position);
            branches.Add((test, body));
            var tag = Next();
            if (tag.Value == "elif")
            {
                test = ParseTuple(withCondition: false);
                ExpectBlockEnd();
                continue;
            }

            if (tag.Value == "else")
            {
                ExpectBlockEnd();
                otherwise = Subparse(["endif"], "if", position);
                Next();
            }

            ExpectBlockEnd();
            return new Stmt.If(branches, otherwise, position);
        }
    }

    private Stmt.For ParseFor(int position)
    {
        var target = ParseAssignTarget(withNamespace: false);
        if (!SkipName("in"))
        {
            throw TemplateError.Syntax($"Expected 'in' in for loop, got {Current}.", Current.Position);
        }

        var iterable = ParseTuple(withCondition: false, extraEnd: "recursive");
        Expr? condition = SkipName("if") ? ParseExpression() : null;
        var recursive = SkipName("recursive");
        if (recursive)
        {
            throw TemplateError.Syntax("Recursive for loops are not supported.", position);
        }

        ExpectBlockEnd();
        _loopDepth++;
        var body = Subparse(["endfor", "else"], "for", position);
        _loopDepth--;
        IReadOnlyList<Stmt>? otherwise = null;
        if (Next().Value == "else")
        {
            ExpectBlockEnd();
            otherwise = Subparse(["endfor"], "for", position);
            Next();
        }

        ExpectBlockEnd();
        return new Stmt.For(target, iterable, condition, body, otherwise, recursive, position);
    }

    private Stmt ParseSet(int position)
    {
        var target = ParseAssignTarget(withNamespace: true);
        if (SkipOperator("="))
        {
            var value = ParseTuple(withCondition: true);
            ExpectBlockEnd();
            return new Stmt.Set(target, value, position);
        }

        var filters = ParseFilterChain(startInline: false);
        ExpectBlockEnd();
        var body = Subparse(["endset"], "set", position);
        Next();
        ExpectBlockEnd();
        return new Stmt.SetBlock(target, filters, body, position);
    }

    private Stmt.Macro ParseMacro(int position)
    {
        var name = ExpectName().Value;
        var parameters = ParseSignature();
        ExpectBlockEnd();
        var savedDepth = _loopDepth;
        _loopDepth = 0;
        var body = Subparse(["endmacro"], "macro", position);
        _loopDepth = savedDepth;
        Next();
        ExpectBlockEnd();
        return new Stmt.Macro(name, parameters, body, position);
    }

    private Stmt.CallBlock ParseCallBlock(int position)
    {
        var parameters = Current.IsOperator("(") ? ParseSignature() : [];
        var call = ParseExpression() as Expr.Call
            ?? throw TemplateError.Syntax("Expected a macro call after 'call'.", position);
        ExpectBlockEnd();
        var savedDepth = _loopDepth;
        _loopDepth = 0;
        var body = Subparse(["endcall"], "call", position);
        _loopDepth = savedDepth;
        Next();
        ExpectBlockEnd();
        return new Stmt.CallBlock(call, parameters, body, position);
    }

    private Stmt.FilterBlock ParseFilterBlock(int position)
    {
        var filters = ParseFilterChain(startInline: true);
        ExpectBlockEnd();
        var body = Subparse(["endfilter"], "filter", position);
        Next();
        ExpectBlockEnd();
        return new Stmt.FilterBlock(filters, body, position);
    }

    private List<(string, Expr?)> ParseSignature()
    {
        var parameters = new List<(string, Expr?)>();
        ExpectOperator("(");
        while (!Current.IsOperator(")"))
        {
            if (parameters.Count > 0)
            {
                ExpectOperator(",");
                if (Current.IsOperator(")"))
                {
                    break;
                }
            }

            var name = ExpectName().Value;
            parameters.Add((name, SkipOperator("=") ? ParseExpression() : null));
        }

        Next();
        return parameters;
    }

    private AssignTarget ParseAssignTarget(bool withNamespace)
    {
        var start = Current.Position;
        var items = new List<AssignTarget>();
        var parenthesised = SkipOperator("(");
        while (true)
        {
            var name = ExpectName();
            if (withNamespace && Current.IsOperator("."))
            {
                Next();
                var attribute = ExpectName().Value;
                items.Add(new AssignTarget.NamespaceAttribute(name.Value, attribute, name.Position));
            }
            else
            {
                items.Add(new AssignTarget.Name(name.Value, name.Position));
            }

            if (!SkipOperator(","))
            {
                break;
            }

            if (Current.Kind != TokenKind.Name)
            {
                break;
            }
        }

        if (parenthesised)
        {
            ExpectOperator(")");
        }

        return items.Count == 1 && !parenthesised ? items[0] : new AssignTarget.Tuple(items, start);
    }

    private List<Expr.Filter> ParseFilterChain(bool startInline)
    {
        var filters = new List<Expr.Filter>();
        while (startInline || Current.IsOperator("|"))
        {
            if (!startInline)
            {
                Next();
            }

            startInline = false;
            filters.Add(ParseFilterCall(null));
        }

        return filters;
    }

    private Expr.Filter ParseFilterCall(Expr? operand)
    {
        var nameToken = ExpectName();
        var name = nameToken.Value;
        while (Current.IsOperator("."))
        {
            Next();
            name += "." + ExpectName().Value;
        }

        if (!_isFilter(name))
        {
            throw TemplateError.Syntax($"No filter named '{name}'.", nameToken.Position);
        }

        var args = Current.IsOperator("(") ? ParseCallArguments() : Arguments.None;
        return new Expr.Filter(operand, name, args, nameToken.Position);
    }

    // ---- expressions -------------------------------------------------------------------------------------------

    private bool IsTupleEnd(string? extraEnd) =>
        Current.Kind is TokenKind.VariableEnd or TokenKind.BlockEnd
        || Current.IsOperator(")")
        || (extraEnd is not null && Current.IsName(extraEnd));

    private Expr ParseTuple(bool withCondition, string? extraEnd = null, bool explicitParentheses = false)
    {
        var start = Current.Position;
        var items = new List<Expr>();
        var isTuple = false;
        while (true)
        {
            if (items.Count > 0)
            {
                ExpectOperator(",");
            }

            if (IsTupleEnd(extraEnd))
            {
                break;
            }

            items.Add(withCondition ? ParseExpression() : ParseOr());
            if (Current.IsOperator(","))
            {
                isTuple = true;
            }
            else
            {
                break;
            }
        }

        if (!isTuple)
        {
            if (items.Count > 0)
            {
                return items[0];
            }

            if (!explicitParentheses)
            {
                throw TemplateError.Syntax($"Expected an expression, got {Current}.", Current.Position);
            }
        }

        return new Expr.TupleLiteral(items, start);
    }

    private Expr ParseExpression()
    {
        var expr = ParseOr();
        while (Current.IsName("if"))
        {
            var position = Next().Position;
            var test = ParseOr();
            Expr? otherwise = SkipName("else") ? ParseExpression() : null;
            expr = new Expr.Conditional(test, expr, otherwise, position);
        }

        return expr;
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsName("or"))
        {
            var position = Next().Position;
            left = new Expr.Or(left, ParseAnd(), position);
        }

        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (Current.IsName("and"))
        {
            var position = Next().Position;
            left = new Expr.And(left, ParseNot(), position);
        }

        return left;
    }

    private Expr ParseNot()
    {
        if (Current.IsName("not"))
        {
            var position = Next().Position;
            return new Expr.Not(ParseNot(), position);
        }

        return ParseCompare();
    }

    private Expr ParseCompare()
    {
        var first = ParseMath1();
        var rest = new List<(string, Expr)>();
        var position = Current.Position;
        while (true)
        {
            if (Current.Kind == TokenKind.Operator && s_compareOperators.Contains(Current.Value))
            {
                var op = Next().Value;
                rest.Add((op, ParseMath1()));
            }
            else if (Current.IsName("in"))
            {
                Next();
                rest.Add(("in", ParseMath1()));
            }
            else if (Current.IsName("not") && Peek().IsName("in"))
            {
                Next();
                Next();
                rest.Add(("not in", ParseMath1()));
            }
            else
            {
                break;
            }
        }

        return rest.Count == 0 ? first : new Expr.Compare(first, rest, position);
    }

    private Expr ParseMath1()
    {
        var left = ParseConcat();
        while (Current.IsOperator("+") || Current.IsOperator("-"))
        {
            var op = Next();
            left = new Expr.Binary(op.Value, left, ParseConcat(), op.Position);
        }

        return left;
    }

    private Expr ParseConcat()
    {
        var left = ParseMath2();
        while (Current.IsOperator("~"))
        {
            var op = Next();
            left = new Expr.Binary("~", left, ParseMath2(), op.Position);
        }

        return left;
    }

    private Expr ParseMath2()
    {
        var left = ParsePow();
        while (Current.IsOperator("*") || Current.IsOperator("/") || Current.IsOperator("//") || Current.IsOperator("%"))
        {
            var op = Next();
            left = new Expr.Binary(op.Value, left, ParsePow(), op.Position);
        }

        return left;
    }

    private Expr ParsePow()
    {
        var left = ParseUnary(withFilter: true);
        while (Current.IsOperator("**"))
        {
            var op = Next();
            left = new Expr.Binary("**", left, ParseUnary(withFilter: true), op.Position);
        }

        return left;
    }

    private Expr ParseUnary(bool withFilter)
    {
        Expr node;
        if (Current.IsOperator("-") || Current.IsOperator("+"))
        {
            var op = Next();
            node = new Expr.Unary(op.Value, ParseUnary(withFilter: false), op.Position);
        }
        else
        {
            node = ParsePrimary();
        }

        node = ParsePostfix(node);
        return withFilter ? ParseFilterExpression(node) : node;
    }

    private Expr ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Name:
                Next();
                return token.Value switch
                {
                    "true" or "True" => new Expr.Const(true, token.Position),
                    "false" or "False" => new Expr.Const(false, token.Position),
                    "none" or "None" => new Expr.Const(null, token.Position),
                    _ => new Expr.Name(token.Value, token.Position),
                };
            case TokenKind.String:
                Next();
                var text = token.Value;
                while (Current.Kind == TokenKind.String)
                {
                    text += Next().Value;
                }

                return new Expr.Const(text, token.Position);
            case TokenKind.Integer:
                Next();
                return long.TryParse(token.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var integer)
                    ? new Expr.Const(integer, token.Position)
                    : throw TemplateError.Syntax($"Integer literal '{token.Value}' is too large.", token.Position);
            case TokenKind.Float:
                Next();
                return new Expr.Const(double.Parse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture), token.Position);
            case TokenKind.Operator when token.Value == "(":
                Next();
                var inner = ParseTuple(withCondition: true, explicitParentheses: true);
                ExpectOperator(")");
                return inner;
            case TokenKind.Operator when token.Value == "[":
                Next();
                var items = new List<Expr>();
                while (!Current.IsOperator("]"))
                {
                    if (items.Count > 0)
                    {
                        ExpectOperator(",");
                        if (Current.IsOperator("]"))
                        {
                            break;
                        }
                    }

                    items.Add(ParseExpression());
                }

                Next();
                return new Expr.ListLiteral(items, token.Position);
            case TokenKind.Operator when token.Value == "{":
                Next();
                var pairs = new List<(Expr, Expr)>();
                while (!Current.IsOperator("}"))
                {
                    if (pairs.Count > 0)
                    {
                        ExpectOperator(",");
                        if (Current.IsOperator("}"))
                        {
                            break;
                        }
                    }

                    var key = ParseExpression();
                    ExpectOperator(":");
                    pairs.Add((key, ParseExpression()));
                }

                Next();
                return new Expr.DictLiteral(pairs, token.Position);
            default:
                throw TemplateError.Syntax($"Unexpected {token} in expression.", token.Position);
        }
    }

    private Expr ParsePostfix(Expr node)
    {
        while (true)
        {
            if (Current.IsOperator(".") || Current.IsOperator("["))
            {
                node = ParseSubscript(node);
            }
            else if (Current.IsOperator("("))
            {
                node = new Expr.Call(node, ParseCallArguments(), node.Position);
            }
            else
            {
                return node;
            }
        }
    }

    private Expr ParseFilterExpression(Expr node)
    {
        while (true)
        {
            if (Current.IsOperator("|"))
            {
                Next();
                node = ParseFilterCall(node);
            }
            else if (Current.IsName("is"))
            {
                node = ParseTest(node);
            }
            else if (Current.IsOperator("("))
            {
                node = new Expr.Call(node, ParseCallArguments(), node.Position);
            }
            else
            {
                return node;
            }
        }
    }

    private Expr.Test ParseTest(Expr operand)
    {
        Next();
        var negated = SkipName("not");
        var nameToken = ExpectName();
        var name = nameToken.Value;
        while (Current.IsOperator("."))
        {
            Next();
            name += "." + ExpectName().Value;
        }

        if (!_isTest(name))
        {
            throw TemplateError.Syntax($"No test named '{name}'.", nameToken.Position);
        }

        Arguments args;
        if (Current.IsOperator("("))
        {
            args = ParseCallArguments();
        }
        else if ((Current.Kind is TokenKind.Name or TokenKind.String or TokenKind.Integer or TokenKind.Float
                  || Current.IsOperator("[") || Current.IsOperator("{"))
                 && !(Current.IsName("else") || Current.IsName("or") || Current.IsName("and")))
        {
            if (Current.IsName("is"))
            {
                throw TemplateError.Syntax("You cannot chain multiple tests with is.", Current.Position);
            }

            args = new Arguments([ParsePostfix(ParsePrimary())], []);
        }
        else
        {
            args = Arguments.None;
        }

        return new Expr.Test(operand, name, args, negated, nameToken.Position);
    }

    private Expr ParseSubscript(Expr node)
    {
        var token = Next();
        if (token.Value == ".")
        {
            var attribute = Next();
            return attribute.Kind switch
            {
                TokenKind.Name => new Expr.GetAttr(node, attribute.Value, attribute.Position),
                TokenKind.Integer => new Expr.GetItem(node, new Expr.Const(long.Parse(attribute.Value, CultureInfo.InvariantCulture), attribute.Position), attribute.Position),
                _ => throw TemplateError.Syntax($"Expected a name after '.', got {attribute}.", attribute.Position),
            };
        }

        var keys = new List<Expr>();
        while (!Current.IsOperator("]"))
        {
            if (keys.Count > 0)
            {
                ExpectOperator(",");
            }

            keys.Add(ParseSubscribed());
        }

        Next();
        var key = keys.Count == 1 ? keys[0] : new Expr.TupleLiteral(keys, token.Position);
        return new Expr.GetItem(node, key, token.Position);
    }

    private Expr ParseSubscribed()
    {
        var position = Current.Position;
        Expr? start = null;
        if (!Current.IsOperator(":"))
        {
            var node = ParseExpression();
            if (!Current.IsOperator(":"))
            {
                return node;
            }

            start = node;
        }

        Next();
        Expr? stop = Current.IsOperator(":") || Current.IsOperator("]") || Current.IsOperator(",") ? null : ParseExpression();
        Expr? step = null;
        if (SkipOperator(":") && !Current.IsOperator("]") && !Current.IsOperator(","))
        {
            step = ParseExpression();
        }

        return new Expr.Slice(start, stop, step, position);
    }

    private Arguments ParseCallArguments()
    {
        ExpectOperator("(");
        var positional = new List<Expr>();
        var keyword = new List<(string, Expr)>();
        while (!Current.IsOperator(")"))
        {
            if (positional.Count + keyword.Count > 0)
            {
                ExpectOperator(",");
                if (Current.IsOperator(")"))
                {
                    break;
                }
            }

            if (Current.IsOperator("*") || Current.IsOperator("**"))
            {
                throw TemplateError.Syntax("*args and **kwargs in calls are not supported.", Current.Position);
            }

            if (Current.Kind == TokenKind.Name && Peek().IsOperator("="))
            {
                var name = Next().Value;
                Next();
                keyword.Add((name, ParseExpression()));
            }
            else
            {
                if (keyword.Count > 0)
                {
                    throw TemplateError.Syntax("Positional argument after keyword argument.", Current.Position);
                }

                positional.Add(ParseExpression());
            }
        }

        Next();
        return new Arguments(positional, keyword);
    }
}

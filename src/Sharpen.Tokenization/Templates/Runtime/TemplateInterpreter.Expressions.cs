using Sharpen.Tokenization.Templates.Syntax;

namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>Expression evaluation: Jinja's operators, attribute/item access, calls, filters and tests.</summary>
internal sealed partial class TemplateInterpreter
{
    /// <summary>
    /// Evaluates an expression. A failure without a position gets this node's position on the way out, so the
    /// innermost construct that failed is the one reported; unexpected .NET exceptions become template errors here.
    /// </summary>
    public object? Evaluate(Expr expr, Scope scope)
    {
        try
        {
            return EvaluateCore(expr, scope);
        }
        catch (TemplateError e) when (e.Position < 0)
        {
            e.Position = expr.Position;
            throw;
        }
        catch (Exception e) when (e is not TemplateError and (InvalidCastException or ArgumentException or IndexOutOfRangeException or OverflowException or FormatException or InvalidOperationException))
        {
            throw new TemplateError(ChatTemplateErrorKind.Runtime, $"{e.GetType().Name}: {e.Message}", expr.Position);
        }
    }

    private object? EvaluateCore(Expr expr, Scope scope)
    {
        switch (expr)
        {
            case Expr.Const constant:
                return constant.Value;
            case Expr.Name name:
                return scope.TryGet(name.Identifier, out var value) ? value : Undefined.Named(name.Identifier);
            case Expr.ListLiteral list:
                return list.Items.Select(x => Evaluate(x, scope)).ToList();
            case Expr.TupleLiteral tuple:
                return new PyTuple(tuple.Items.Select(x => Evaluate(x, scope)).ToList());
            case Expr.DictLiteral dict:
                var result = new Dictionary<string, object?>();
                foreach (var (keyExpr, valueExpr) in dict.Items)
                {
                    var key = Evaluate(keyExpr, scope);
                    var keyText = PyValues.AsString(key)
                        ?? throw new TemplateError(ChatTemplateErrorKind.Runtime, $"dict keys must be strings here, got '{PyValues.TypeName(key)}'", keyExpr.Position);
                    result[keyText] = Evaluate(valueExpr, scope);
                }

                return result;
            case Expr.GetAttr getAttr:
                return PyValues.GetAttr(Evaluate(getAttr.Target, scope), getAttr.Attribute);
            case Expr.GetItem getItem:
                var target = Evaluate(getItem.Target, scope);
                if (getItem.Key is Expr.Slice slice)
                {
                    return PyValues.Slice(target, SliceIndex(slice.Start, scope), SliceIndex(slice.Stop, scope), SliceIndex(slice.Step, scope));
                }

                return PyValues.GetItem(target, Evaluate(getItem.Key, scope));
            case Expr.Call call:
                var callee = Evaluate(call.Callee, scope);
                var arguments = EvaluateArguments(call.Arguments, scope);
                return callee switch
                {
                    ICallable callable => callable.Invoke(this, arguments),
                    Undefined u => throw u.Fail(),
                    _ => throw TemplateError.Type($"'{PyValues.TypeName(callee)}' object is not callable"),
                };
            case Expr.Filter filter:
                return ApplyFilter(filter, filter.Operand is null ? null : Evaluate(filter.Operand, scope), scope);
            case Expr.Test test:
                var outcome = BuiltinTests.Apply(test.TestName, Evaluate(test.Operand, scope), EvaluateArguments(test.Arguments, scope));
                return test.Negated ? !outcome : outcome;
            case Expr.Unary unary:
                return PyOperators.Unary(unary.Operator, Evaluate(unary.Operand, scope));
            case Expr.Binary binary:
                return PyOperators.Binary(binary.Operator, Evaluate(binary.Left, scope), Evaluate(binary.Right, scope));
            case Expr.Compare compare:
                return EvaluateCompare(compare, scope);
            case Expr.And and:
                var left = Evaluate(and.Left, scope);
                return PyValues.IsTruthy(left) ? Evaluate(and.Right, scope) : left;
            case Expr.Or or:
                var first = Evaluate(or.Left, scope);
                return PyValues.IsTruthy(first) ? first : Evaluate(or.Right, scope);
            case Expr.Not not:
                return !PyValues.IsTruthy(Evaluate(not.Operand, scope));
            case Expr.Conditional conditional:
                if (PyValues.IsTruthy(Evaluate(conditional.Condition, scope)))
                {
                    return Evaluate(conditional.Then, scope);
                }

                return conditional.Otherwise is null ? Undefined.WithHint("the inline if-expression evaluated to false and no else section was defined.") : Evaluate(conditional.Otherwise, scope);
            case Expr.Slice:
                throw TemplateError.Runtime("a slice is only allowed inside brackets");
            default:
                throw TemplateError.Runtime($"unsupported expression {expr.GetType().Name}");
        }
    }

    private long? SliceIndex(Expr? expr, Scope scope)
    {
        if (expr is null)
        {
            return null;
        }

        var value = Evaluate(expr, scope);
        return value switch
        {
            null or Undefined => null,
            long or bool => PyValues.ToLong(value),
            _ => throw new TemplateError(ChatTemplateErrorKind.Runtime, "slice indices must be integers or None", expr.Position),
        };
    }

    private object EvaluateCompare(Expr.Compare compare, Scope scope)
    {
        var left = Evaluate(compare.First, scope);
        foreach (var (op, operandExpr) in compare.Rest)
        {
            var right = Evaluate(operandExpr, scope);
            var holds = op switch
            {
                "==" => PyValues.Equal(left, right),
                "!=" => !PyValues.Equal(left, right),
                "<" => PyValues.Compare(left, right, op) < 0,
                "<=" => PyValues.Compare(left, right, op) <= 0,
                ">" => PyValues.Compare(left, right, op) > 0,
                ">=" => PyValues.Compare(left, right, op) >= 0,
                "in" => PyValues.Contains(right, left),
                "not in" => !PyValues.Contains(right, left),
                _ => throw TemplateError.Runtime($"unknown comparison '{op}'"),
            };
            if (!holds)
            {
                return false;
            }

            left = right;
        }

        return true;
    }

    private CallArguments EvaluateArguments(Arguments arguments, Scope scope)
    {
        var positional = new List<object?>(arguments.Positional.Count);
        foreach (var expr in arguments.Positional)
        {
            positional.Add(Evaluate(expr, scope));
        }

        var keyword = new List<KeyValuePair<string, object?>>(arguments.Keyword.Count);
        foreach (var (name, expr) in arguments.Keyword)
        {
            keyword.Add(new(name, Evaluate(expr, scope)));
        }

        return new CallArguments(positional, keyword);
    }

    private object? ApplyFilter(Expr.Filter filter, object? operand, Scope scope)
    {
        try
        {
            return BuiltinFilters.Apply(filter.FilterName, operand, EvaluateArguments(filter.Arguments, scope));
        }
        catch (TemplateError e) when (e.Position < 0)
        {
            e.Position = filter.Position;
            throw;
        }
    }
}

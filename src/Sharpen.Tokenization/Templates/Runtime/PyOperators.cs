namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>Python's arithmetic and concatenation operators, with its error messages for mismatched types.</summary>
internal static class PyOperators
{
    public static object? Binary(string op, object? a, object? b)
    {
        if (op == "~")
        {
            return PyValues.ToStr(a) + PyValues.ToStr(b);
        }

        if (a is Undefined ua)
        {
            throw ua.Fail();
        }

        if (b is Undefined ub)
        {
            throw ub.Fail();
        }

        return op switch
        {
            "+" => Add(a, b),
            "-" => Numeric(op, a, b, (x, y) => checked(x - y), (x, y) => x - y),
            "*" => Multiply(a, b),
            "/" => Divide(a, b),
            "//" => FloorDivide(a, b),
            "%" => Modulo(a, b),
            "**" => Power(a, b),
            _ => throw TemplateError.Runtime($"unknown operator '{op}'"),
        };
    }

    public static object? Unary(string op, object? value)
    {
        if (value is Undefined u)
        {
            throw u.Fail();
        }

        if (!PyValues.IsNumber(value))
        {
            throw TemplateError.Type($"bad operand type for unary {op}: '{PyValues.TypeName(value)}'");
        }

        if (op == "+")
        {
            return value is bool b ? (b ? 1L : 0L) : value;
        }

        return PyValues.IsIntegral(value) ? (object)(-PyValues.ToLong(value)) : -PyValues.ToDouble(value);
    }

    private static object? Add(object? a, object? b)
    {
        if (PyValues.IsNumber(a) && PyValues.IsNumber(b))
        {
            return Numeric("+", a, b, (x, y) => checked(x + y), (x, y) => x + y);
        }

        switch (a)
        {
            case Markup ma when PyValues.AsString(b) is { } sb:
                return new Markup(ma.Value + (b is Markup ? sb : PyText.HtmlEscape(sb)));
            case string sa when b is Markup mb:
                return new Markup(PyText.HtmlEscape(sa) + mb.Value);
            case string sa when b is string sb2:
                return sa + sb2;
            case string:
                throw TemplateError.Type($"can only concatenate str (not \"{PyValues.TypeName(b)}\") to str");
            case List<object?> la when b is List<object?> lb:
                return new List<object?>(la.Concat(lb));
            case List<object?>:
                throw TemplateError.Type($"can only concatenate list (not \"{PyValues.TypeName(b)}\") to list");
            case PyTuple ta when b is PyTuple tb:
                return new PyTuple([.. ta.Items, .. tb.Items]);
        }

        throw Unsupported("+", a, b);
    }

    private static object? Multiply(object? a, object? b)
    {
        if (PyValues.IsNumber(a) && PyValues.IsNumber(b))
        {
            return Numeric("*", a, b, (x, y) => checked(x * y), (x, y) => x * y);
        }

        var (sequence, count) = PyValues.IsIntegral(b) ? (a, b) : (b, a);
        if (PyValues.IsIntegral(count))
        {
            var n = (int)Math.Max(0, Math.Min(PyValues.ToLong(count), 1_000_000));
            switch (sequence)
            {
                case string s:
                    return string.Concat(Enumerable.Repeat(s, n));
                case Markup m:
                    return new Markup(string.Concat(Enumerable.Repeat(m.Value, n)));
                case List<object?> list:
                    return Enumerable.Repeat(list, n).SelectMany(x => x).ToList();
            }
        }

        throw Unsupported("*", a, b);
    }

    private static object Divide(object? a, object? b)
    {
        RequireNumbers("/", a, b);
        var divisor = PyValues.ToDouble(b);
        return divisor == 0 ? throw TemplateError.Runtime("division by zero") : PyValues.ToDouble(a) / divisor;
    }

    private static object FloorDivide(object? a, object? b)
    {
        RequireNumbers("//", a, b);
        if (PyValues.IsIntegral(a) && PyValues.IsIntegral(b))
        {
            var y = PyValues.ToLong(b);
            if (y == 0)
            {
                throw TemplateError.Runtime("integer division or modulo by zero");
            }

            var x = PyValues.ToLong(a);
            var q = x / y;
            return (x % y != 0) && ((x < 0) != (y < 0)) ? q - 1 : q;
        }

        var d = PyValues.ToDouble(b);
        return d == 0 ? throw TemplateError.Runtime("float floor division by zero") : Math.Floor(PyValues.ToDouble(a) / d);
    }

    private static object Modulo(object? a, object? b)
    {
        if (PyValues.IsString(a))
        {
            throw TemplateError.Type("printf-style string formatting ('%' on a string) is not supported; use '~' or format()");
        }

        RequireNumbers("%", a, b);
        if (PyValues.IsIntegral(a) && PyValues.IsIntegral(b))
        {
            var y = PyValues.ToLong(b);
            if (y == 0)
            {
                throw TemplateError.Runtime("integer division or modulo by zero");
            }

            var r = PyValues.ToLong(a) % y;
            return r != 0 && ((r < 0) != (y < 0)) ? r + y : r;
        }

        var yd = PyValues.ToDouble(b);
        if (yd == 0)
        {
            throw TemplateError.Runtime("float modulo");
        }

        var rd = PyValues.ToDouble(a) % yd;
        return rd != 0 && ((rd < 0) != (yd < 0)) ? rd + yd : rd;
    }

    private static object Power(object? a, object? b)
    {
        RequireNumbers("**", a, b);
        if (PyValues.IsIntegral(a) && PyValues.IsIntegral(b) && PyValues.ToLong(b) >= 0)
        {
            var result = 1L;
            var x = PyValues.ToLong(a);
            for (var e = PyValues.ToLong(b); e > 0; e--)
            {
                result = checked(result * x);
            }

            return result;
        }

        return Math.Pow(PyValues.ToDouble(a), PyValues.ToDouble(b));
    }

    private static object Numeric(string op, object? a, object? b, Func<long, long, long> integer, Func<double, double, double> real)
    {
        RequireNumbers(op, a, b);
        if (PyValues.IsIntegral(a) && PyValues.IsIntegral(b))
        {
            try
            {
                return integer(PyValues.ToLong(a), PyValues.ToLong(b));
            }
            catch (OverflowException)
            {
                throw TemplateError.Runtime("integer overflow (values beyond 64 bits are not supported)");
            }
        }

        return real(PyValues.ToDouble(a), PyValues.ToDouble(b));
    }

    private static void RequireNumbers(string op, object? a, object? b)
    {
        if (!PyValues.IsNumber(a) || !PyValues.IsNumber(b))
        {
            throw Unsupported(op, a, b);
        }
    }

    private static TemplateError Unsupported(string op, object? a, object? b) =>
        TemplateError.Type($"unsupported operand type(s) for {op}: '{PyValues.TypeName(a)}' and '{PyValues.TypeName(b)}'");
}

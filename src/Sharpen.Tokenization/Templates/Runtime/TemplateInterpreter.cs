using System.Text;
using Sharpen.Tokenization.Templates.Syntax;

namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>
/// Walks the parsed template and writes its output. Statements are in this file, expressions in
/// <c>TemplateInterpreter.Expressions.cs</c>. One interpreter serves one render call.
/// </summary>
internal sealed partial class TemplateInterpreter
{
    private const int MaxCallDepth = 200;
    private int _callDepth;

    private enum Flow
    {
        Normal,
        Break,
        Continue,
    }

    /// <summary>Renders <paramref name="body"/> in <paramref name="scope"/> to a string (templates, macros, block sets).</summary>
    public string RenderBody(IReadOnlyList<Stmt> body, Scope scope)
    {
        if (++_callDepth > MaxCallDepth)
        {
            throw TemplateError.Runtime($"maximum recursion depth ({MaxCallDepth}) exceeded");
        }

        try
        {
            var output = new StringBuilder();
            Execute(body, scope, output);
            return output.ToString();
        }
        finally
        {
            _callDepth--;
        }
    }

    private Flow Execute(IReadOnlyList<Stmt> body, Scope scope, StringBuilder output)
    {
        foreach (var statement in body)
        {
            var flow = ExecuteOne(statement, scope, output);
            if (flow != Flow.Normal)
            {
                return flow;
            }
        }

        return Flow.Normal;
    }

    private Flow ExecuteOne(Stmt statement, Scope scope, StringBuilder output)
    {
        switch (statement)
        {
            case Stmt.Text text:
                output.Append(text.Value);
                return Flow.Normal;
            case Stmt.Output print:
                output.Append(PyValues.ToStr(Evaluate(print.Value, scope)));
                return Flow.Normal;
            case Stmt.If branch:
                foreach (var (test, body) in branch.Branches)
                {
                    if (PyValues.IsTruthy(Evaluate(test, scope)))
                    {
                        return Execute(body, scope, output);
                    }
                }

                return branch.Else is null ? Flow.Normal : Execute(branch.Else, scope, output);
            case Stmt.For loop:
                ExecuteFor(loop, scope, output);
                return Flow.Normal;
            case Stmt.Set set:
                Assign(set.Target, Evaluate(set.Value, scope), scope);
                return Flow.Normal;
            case Stmt.SetBlock setBlock:
                object? captured = RenderBody(setBlock.Body, new Scope(scope));
                foreach (var filter in setBlock.Filters)
                {
                    captured = ApplyFilter(filter, captured, scope);
                }

                Assign(setBlock.Target, captured, scope);
                return Flow.Normal;
            case Stmt.Macro macro:
                scope.Set(macro.Name, new MacroValue(macro.Name, macro.Parameters, macro.Body, scope));
                return Flow.Normal;
            case Stmt.CallBlock call:
                var caller = new MacroValue("caller", call.Parameters, call.Body, scope);
                var callee = Evaluate(call.Call.Callee, scope);
                if (callee is not MacroValue target)
                {
                    throw new TemplateError(ChatTemplateErrorKind.Runtime, "{% call %} needs a macro", call.Position);
                }

                var callArguments = EvaluateArguments(call.Call.Arguments, scope);
                callArguments.Keyword.Add(new("caller", caller));
                output.Append(PyValues.ToStr(target.Invoke(this, callArguments)));
                return Flow.Normal;
            case Stmt.FilterBlock filterBlock:
                object? filtered = RenderBody(filterBlock.Body, scope);
                foreach (var filter in filterBlock.Filters)
                {
                    filtered = ApplyFilter(filter, filtered, scope);
                }

                output.Append(PyValues.ToStr(filtered));
                return Flow.Normal;
            case Stmt.Generation generation:
                return Execute(generation.Body, scope, output);
            case Stmt.Break:
                return Flow.Break;
            case Stmt.Continue:
                return Flow.Continue;
            default:
                throw new TemplateError(ChatTemplateErrorKind.Runtime, $"unsupported statement {statement.GetType().Name}", statement.Position);
        }
    }

    private void ExecuteFor(Stmt.For loop, Scope scope, StringBuilder output)
    {
        var iterable = Evaluate(loop.Iterable, scope);
        List<object?> items;
        try
        {
            items = PyValues.ToList(iterable);
        }
        catch (TemplateError e) when (e.Position < 0)
        {
            e.Position = loop.Iterable.Position;
            throw;
        }

        if (loop.Condition is not null)
        {
            var kept = new List<object?>();
            foreach (var item in items)
            {
                var probe = new Scope(scope);
                Assign(loop.Target, item, probe);
                if (PyValues.IsTruthy(Evaluate(loop.Condition, probe)))
                {
                    kept.Add(item);
                }
            }

            items = kept;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var iteration = new Scope(scope);
            iteration.Set("loop", new LoopContext(items, i));
            Assign(loop.Target, items[i], iteration);
            if (Execute(loop.Body, iteration, output) == Flow.Break)
            {
                break;
            }
        }

        if (items.Count == 0 && loop.Else is not null)
        {
            Execute(loop.Else, scope, output);
        }
    }

    private static void Assign(AssignTarget target, object? value, Scope scope)
    {
        switch (target)
        {
            case AssignTarget.Name name:
                scope.Set(name.Identifier, value);
                return;
            case AssignTarget.NamespaceAttribute attribute:
                if (!scope.TryGet(attribute.Namespace, out var ns) || ns is not TemplateNamespace target2)
                {
                    throw new TemplateError(ChatTemplateErrorKind.Runtime, "cannot assign attribute on non-namespace object", attribute.Position);
                }

                target2.Attributes[attribute.Attribute] = value;
                return;
            case AssignTarget.Tuple tuple:
                List<object?> values;
                try
                {
                    values = PyValues.ToList(value);
                }
                catch (TemplateError e) when (e.Position < 0)
                {
                    throw new TemplateError(ChatTemplateErrorKind.Runtime, $"cannot unpack non-iterable {PyValues.TypeName(value)} object", tuple.Position);
                }

                if (values.Count != tuple.Items.Count)
                {
                    var message = values.Count < tuple.Items.Count
                        ? $"not enough values to unpack (expected {tuple.Items.Count}, got {values.Count})"
                        : $"too many values to unpack (expected {tuple.Items.Count})";
                    throw new TemplateError(ChatTemplateErrorKind.Runtime, message, tuple.Position);
                }

                for (var i = 0; i < values.Count; i++)
                {
                    Assign(tuple.Items[i], values[i], scope);
                }

                return;
        }
    }
}

using System.Globalization;
using Sharpen.Core.Conversations;
using Sharpen.Data.Validation;

namespace Sharpen.Data.Cleaning;

/// <summary>
/// Cheap per-example quality rules. Each returns the first rule an example breaks as (code, reason), so reports can
/// count removals per rule.
/// </summary>
internal static class QualityFilter
{
    public static (string Code, string Reason)? Check(Conversation conversation, ExampleText text, CleaningOptions options)
    {
        var answer = Answer(conversation);
        var answerLength = 0;
        foreach (var c in answer ?? string.Empty)
        {
            answerLength += char.IsWhiteSpace(c) ? 0 : 1;
        }

        if (answer is not null && answerLength == 0)
        {
            return (IssueCodes.EmptyAnswer, "The answer is empty.");
        }

        if (answer is not null && answerLength < options.MinAnswerCharacters)
        {
            return (IssueCodes.ShortAnswer, $"The answer has {answerLength} characters; the minimum is {options.MinAnswerCharacters}.");
        }

        if (options.RemoveAnswerEqualsPrompt && answer is not null && Prompt(conversation) is { } prompt
            && TextNormalizer.Normalize(prompt) == TextNormalizer.Normalize(answer))
        {
            return (IssueCodes.AnswerEqualsPrompt, "The answer repeats the prompt word for word.");
        }

        if (options.MinTextFraction > 0 && TextFraction(text.Words) is var fraction && fraction < options.MinTextFraction)
        {
            return (IssueCodes.MostlyNonText, string.Create(CultureInfo.InvariantCulture, $"Only {fraction:P0} of the characters are text."));
        }

        if (options.MaxRepeatedCharacters > 0)
        {
            foreach (var message in conversation.AllMessages)
            {
                if (LongestRun(message.Content) is var (run, c) && run >= options.MaxRepeatedCharacters)
                {
                    return (IssueCodes.RepeatedCharacters, $"The character '{c}' repeats {run} times in a row.");
                }
            }
        }

        return null;
    }

    /// <summary>The last trained answer: the preferred output for a pair, else the last trainable assistant message.</summary>
    internal static string? Answer(Conversation conversation) => conversation.IsPreferencePair
        ? string.Concat(conversation.PreferredOutput!.Select(m => m.Content))
        : conversation.Messages.LastOrDefault(m => m.IsTrainable && m.ToolCallsJson is null)?.Content;

    private static string? Prompt(Conversation conversation)
    {
        var messages = conversation.Messages;
        var last = conversation.IsPreferencePair ? messages.Count : -1;
        if (!conversation.IsPreferencePair)
        {
            for (var i = messages.Count - 1; i >= 0; i--)
            {
                if (messages[i].IsTrainable)
                {
                    last = i;
                    break;
                }
            }
        }

        for (var i = last - 1; i >= 0; i--)
        {
            if (messages[i].Role == Role.User)
            {
                return messages[i].Content;
            }
        }

        return null;
    }

    private static double TextFraction(string words)
    {
        if (words.Length == 0)
        {
            return 1;
        }

        var text = 0;
        foreach (var c in words)
        {
            if (c < 0x80)
            {
                // ASCII: everything printable is text; control characters are not.
                text += c >= 0x20 && c != 0x7F ? 1 : 0;
                continue;
            }

            switch (char.GetUnicodeCategory(c))
            {
                case UnicodeCategory.Control or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate
                    or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Format:
                case UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol
                    or UnicodeCategory.OtherSymbol:
                    break;
                default:
                    text++;
                    break;
            }
        }

        // U+FFFD (replacement character, category OtherSymbol) marks mojibake and already counts as non-text.
        return (double)text / words.Length;
    }

    private static (int Run, char Char) LongestRun(string content)
    {
        var best = 0;
        var bestChar = '\0';
        var run = 0;
        var previous = '\0';
        foreach (var c in content)
        {
            run = c == previous ? run + 1 : 1;
            previous = c;
            if (run > best && !char.IsWhiteSpace(c))
            {
                best = run;
                bestChar = c;
            }
        }

        return (best, bestChar);
    }
}

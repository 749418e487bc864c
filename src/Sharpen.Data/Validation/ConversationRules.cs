using Sharpen.Core.Conversations;

namespace Sharpen.Data.Validation;

/// <summary>
/// Rules on a whole conversation, after its messages parsed: there is an assistant message to train on, and the
/// roles alternate as chat templates expect (optional leading system messages, then user and assistant taking
/// turns; tool results follow an assistant message and are answered by the assistant). Conversations without any
/// user message (plain text for continued pre-training) are exempt from alternation.
/// </summary>
internal static class ConversationRules
{
    public static bool Check(Conversation conversation, IssueCollector issues)
    {
        var file = conversation.Source?.File ?? string.Empty;
        var line = conversation.Source?.Line;
        var ok = true;
        if (conversation.IsPreferencePair)
        {
            ok &= CheckPreference(conversation, file, line, issues);
            return ok;
        }

        if (!conversation.Messages.Any(m => m.Role == Role.Assistant))
        {
            issues.Error(IssueCodes.ExampleMissingAssistantMessage, file, line, "The example has no assistant message, so there is nothing to learn from.");
            return false;
        }

        if (conversation.Messages.Any(m => m.Role == Role.User))
        {
            ok &= CheckAlternation(conversation.Messages, file, line, issues);
        }

        if (!conversation.Messages.Any(m => m.IsTrainable))
        {
            issues.Warning(IssueCodes.NoTrainableMessage, file, line, "Every assistant message has weight 0, so the example trains nothing.");
        }

        return ok;
    }

    private static bool CheckAlternation(IReadOnlyList<Message> messages, string file, long? line, IssueCollector issues)
    {
        Role? previous = null;
        for (var i = 0; i < messages.Count; i++)
        {
            var role = messages[i].Role;
            string? problem = (previous, role) switch
            {
                (null, Role.System or Role.User) => null,
                (Role.System, Role.System or Role.User) => null,
                (_, Role.System) => "A system message may only come at the start.",
                (null or Role.System, _) => $"The first message after the system prompt must be from the user, not the {Name(role)}.",
                (Role.User, Role.Assistant) => null,
                (Role.Assistant, Role.User) => null,
                (Role.Assistant, Role.Tool) when messages[i - 1].ToolCallsJson is not null => null,
                (Role.Tool, Role.Tool or Role.Assistant) => null,
                _ => $"A {Name(role)} message follows a {Name(previous!.Value)} message; user and assistant must take turns.",
            };
            if (problem is not null)
            {
                issues.Error(IssueCodes.RoleAlternation, file, line, problem, i);
                return false;
            }

            previous = role;
        }

        return true;
    }

    private static bool CheckPreference(Conversation c, string file, long? line, IssueCollector issues)
    {
        var ok = true;
        if (c.Messages.Count == 0 || c.Messages[^1].Role != Role.User)
        {
            issues.Error(IssueCodes.RoleAlternation, file, line, "The input of a preference pair must end with a user message.");
            ok = false;
        }
        else
        {
            ok &= CheckAlternation(c.Messages, file, line, issues);
        }

        foreach (var (output, name) in new[] { (c.PreferredOutput!, "preferred_output"), (c.NonPreferredOutput!, "non_preferred_output") })
        {
            if (output.Count == 0 || output.Any(m => m.Role != Role.Assistant))
            {
                issues.Error(IssueCodes.ExampleMissingAssistantMessage, file, line, $"\"{name}\" must hold exactly assistant messages.");
                ok = false;
            }
        }

        return ok;
    }

    private static string Name(Role role) => role.ToString().ToLowerInvariant();
}

using Sharpen.Core.Conversations;
using Sharpen.Data.Reading;

namespace Sharpen.Hosting.Evaluation;

/// <summary>An example split into what the model is shown (<see cref="Prompt"/>) and the answer it is scored against.</summary>
/// <param name="Index">position among the file's valid examples</param>
/// <param name="Prompt">every turn before the final assistant answer</param>
/// <param name="Question">the last user turn, for display and retrieval</param>
internal sealed record TestExample(int Index, IReadOnlyList<Message> Prompt, string Question, string Reference)
{
    /// <summary>Reads the examples of <paramref name="path"/>; each must end in an assistant answer.</summary>
    public static List<TestExample> Read(string path)
    {
        var examples = new List<TestExample>();
        foreach (var conversation in ConversationReader.Read(path))
        {
            var messages = conversation.Messages;
            var answer = -1;
            for (var i = messages.Count - 1; i >= 0; i--)
            {
                if (messages[i].Role == Role.Assistant)
                {
                    answer = i;
                    break;
                }
            }

            if (answer <= 0)
            {
                throw new InvalidDataException($"{conversation.Source?.ToString() ?? path}: the example has no assistant answer after a prompt, so there is nothing to score.");
            }

            var prompt = messages.Take(answer).ToList();
            var question = prompt.LastOrDefault(m => m.Role == Role.User)?.Content ?? prompt[^1].Content;
            examples.Add(new TestExample(examples.Count, prompt, question, messages[answer].Content));
        }

        return examples.Count > 0 ? examples : throw new InvalidDataException($"{path}: no valid examples (run 'sharpen data validate {path}').");
    }
}

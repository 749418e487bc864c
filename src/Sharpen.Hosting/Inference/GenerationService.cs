using Sharpen.Core.Conversations;
using System.Text;
using Sharpen.Modeling.Generation;

namespace Sharpen.Hosting.Inference;

/// <summary>Runs raw-text generation on a loaded model, streaming text deltas to a callback.</summary>
public sealed class GenerationService(LoadedModel model, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>
    /// Tokenises the prompt (an empty prompt is just BOS), generates, and reports each piece of text as soon as it is
    /// final. Stop tokens default to the model's EOS and end-of-turn ids when the request names none.
    /// </summary>
    public GenerationResult Generate(GenerationRequest request, Action<string>? onText = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var promptIds = request.Chat
            ? model.EncodeChat([new Message(Role.User, request.Prompt)])
            : model.EncodePrompt(request.Prompt);
        var options = request.Options.StopTokenIds.Count > 0
            ? request.Options
            : request.Options with { StopTokenIds = model.StopTokenIds };
        var generator = new TextGenerator(model.Model, model.Tokenizer);
        var text = new StringBuilder();
        var ids = new List<int>();
        var finish = FinishReason.Length;
        var started = _time.GetTimestamp();
        foreach (var step in generator.Generate(promptIds, options, cancellationToken))
        {
            ids.Add(step.TokenId);
            if (step.Text.Length > 0)
            {
                text.Append(step.Text);
                onText?.Invoke(step.Text);
            }

            if (step.Finish != FinishReason.None)
            {
                finish = step.Finish;
            }
        }

        return new GenerationResult(text.ToString(), ids, promptIds.Count, ids.Count, finish, _time.GetElapsedTime(started));
    }
}

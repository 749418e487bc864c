using Sharpen.Hosting.Inference;
using Sharpen.Modeling.Generation;

namespace Sharpen.Server.Tests.Chat;

/// <summary>
/// The expected output of a chat request, computed without the server, the chat service or the conversation encoder:
/// the prompt is written out by hand in the plain format stories260K uses (it ships no chat template; the format is
/// documented on <c>PlainPromptFormat</c>: "User: {text}\nAssistant:"), tokenised with the model's tokenizer and BOS,
/// and run through <see cref="TextGenerator"/> directly.
/// </summary>
internal static class ReferenceGeneration
{
    private static readonly Lazy<LoadedModel> s_model = new(() => ModelLoader.Load(ServerFixture.ModelDirectory));
    private static readonly Lock s_lock = new();

    public static string PlainPrompt(string user) => "User: " + user + "\nAssistant:";

    public static int PromptTokens(string user)
    {
        lock (s_lock)
        {
            return s_model.Value.Tokenizer.Encode(PlainPrompt(user), addSpecialTokens: true).Count;
        }
    }

    public static (string Text, FinishReason Finish, int Tokens) Greedy(string user, int maxTokens, IReadOnlyList<string>? stop = null)
    {
        lock (s_lock)
        {
            return Greedy(s_model.Value, user, maxTokens, stop);
        }
    }

    /// <summary>The same for the model in <paramref name="directory"/> (a run folder or checkpoint works too), loaded for this call.</summary>
    public static (string Text, FinishReason Finish, int Tokens) Greedy(string directory, string user, int maxTokens)
    {
        using var model = ModelLoader.Load(directory);
        return Greedy(model, user, maxTokens, null);
    }

    private static (string Text, FinishReason Finish, int Tokens) Greedy(LoadedModel model, string user, int maxTokens, IReadOnlyList<string>? stop)
    {
        var ids = model.Tokenizer.Encode(PlainPrompt(user), addSpecialTokens: true);
        var options = new GenerationOptions
        {
            MaxNewTokens = maxTokens,
            Sampling = SamplingOptions.Greedy,
            StopTokenIds = model.StopTokenIds,
            StopStrings = stop ?? [],
        };
        var (text, tokenIds, finish) = new TextGenerator(model.Model, model.Tokenizer).GenerateText(ids, options);
        return (text, finish, tokenIds.Count);
    }
}

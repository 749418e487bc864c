using System.Text;
using Microsoft.Extensions.AI;
using Sharpen.Hosting.Inference;
using Sharpen.Modeling.Generation;
using Sharpen.TestKit;

namespace Sharpen.Hosting.Tests.Inference;

public sealed class SharpenChatClientTests
{
    private const string Prompt = "Once upon a time there was a dog.";

    private static string ModelDirectory => SharedData.Path("models", "stories260K-hf");

    [Fact]
    public async Task GetResponseAsync_Greedy_EqualsTheGeneratorOnTheHandWrittenPlainPrompt()
    {
        var expected = Reference(Prompt, 30);
        using IChatClient client = SharpenChatClient.ForModelDirectory(ModelDirectory);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, Prompt)], new ChatOptions { Temperature = 0, MaxOutputTokens = 30 });

        Assert.Equal(expected.Text, response.Text);
        Assert.Equal(expected.Finish == FinishReason.Stop ? ChatFinishReason.Stop : ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(expected.PromptTokens, response.Usage!.InputTokenCount);
        Assert.Equal(expected.Tokens, response.Usage.OutputTokenCount);
        Assert.Equal("stories260K-hf", response.ModelId);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Greedy_StreamsTheSameText()
    {
        var expected = Reference(Prompt, 30);
        using IChatClient client = SharpenChatClient.ForModelDirectory(ModelDirectory);
        var text = new StringBuilder();
        var updates = new List<ChatResponseUpdate>();

        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, Prompt)], new ChatOptions { Temperature = 0, MaxOutputTokens = 30 }))
        {
            updates.Add(update);
            text.Append(update.Text);
        }

        Assert.Equal(expected.Text, text.ToString());
        Assert.True(updates.Count > 3);
        Assert.NotNull(updates[^1].FinishReason);
        Assert.Single(updates.Select(u => u.ResponseId).Distinct());
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(expected.Tokens, usage.Details.OutputTokenCount);
    }

    [Fact]
    public async Task GetResponseAsync_Instructions_BecomeTheSystemTurn()
    {
        // "System: Be brief.\nUser: ...\nAssistant:" per PlainPromptFormat's documented layout.
        var expected = Reference(Prompt, 20, system: "Be brief.");
        using IChatClient client = SharpenChatClient.ForModelDirectory(ModelDirectory);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, Prompt)], new ChatOptions { Temperature = 0, MaxOutputTokens = 20, Instructions = "Be brief." });

        Assert.Equal(expected.Text, response.Text);
    }

    [Fact]
    public async Task GetResponseAsync_CancelledWhileStreaming_StopsTheGeneration()
    {
        using var client = SharpenChatClient.ForModelDirectory(ModelDirectory);
        var chat = (ChatService)client.GetService(typeof(ChatService))!;
        using var cts = new CancellationTokenSource();
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, Prompt)], new ChatOptions { Temperature = 1, MaxOutputTokens = 400 }, cts.Token))
            {
                received++;
                await cts.CancelAsync();
            }
        });

        // Nothing after the cancellation reaches the caller, even updates the generator had already buffered.
        Assert.Equal(1, received);

        // The generation ends either way: cancelled, or — on a fast, idle machine a tiny model can reach EOS before the
        // cancellation lands — completed. It must never be left running.
        for (var wait = 0; wait < 100 && chat.ActiveGenerations > 0; wait++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, chat.ActiveGenerations);
        Assert.Equal(1, chat.CancelledGenerations + chat.CompletedGenerations);
    }

    [Fact]
    public async Task GetResponseAsync_UnknownModelId_ThrowsModelNotFound()
    {
        using IChatClient client = SharpenChatClient.ForModelDirectory(ModelDirectory);

        await Assert.ThrowsAsync<Sharpen.Hosting.Models.ModelNotFoundException>(() =>
            client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], new ChatOptions { ModelId = "elsewhere" }));
    }

    private static (string Text, FinishReason Finish, int Tokens, int PromptTokens) Reference(string user, int maxTokens, string? system = null)
    {
        using var model = ModelLoader.Load(ModelDirectory);
        var prompt = (system is null ? string.Empty : "System: " + system + "\n") + "User: " + user + "\nAssistant:";
        var ids = model.Tokenizer.Encode(prompt, addSpecialTokens: true);
        var (text, tokens, finish) = new TextGenerator(model.Model, model.Tokenizer).GenerateText(ids, new GenerationOptions
        {
            MaxNewTokens = maxTokens,
            Sampling = SamplingOptions.Greedy,
            StopTokenIds = model.StopTokenIds,
        });
        return (text, finish, tokens.Count, ids.Count);
    }
}

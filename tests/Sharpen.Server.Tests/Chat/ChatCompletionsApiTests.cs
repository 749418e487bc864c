using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;
using Sharpen.Modeling.Generation;

namespace Sharpen.Server.Tests.Chat;

[Collection(ServerCollection.Name)]
public sealed class ChatCompletionsApiTests(ServerFixture server)
{
    private const string Prompt = "Tell me a story about a cat.";

    [Fact]
    public async Task CompleteChat_GreedyWithOfficialSdk_EqualsTheGeneratorOnTheSamePrompt()
    {
        var expected = ReferenceGeneration.Greedy(Prompt, 40);
        var chat = server.OpenAI().GetChatClient(ServerFixture.Model);

        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage(Prompt)], new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 40 });

        Assert.Equal(expected.Text, completion.Content[0].Text);
        Assert.Equal(expected.Finish == FinishReason.Stop ? OpenAI.Chat.ChatFinishReason.Stop : OpenAI.Chat.ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal(ServerFixture.Model, completion.Model);
        Assert.Equal(ReferenceGeneration.PromptTokens(Prompt), completion.Usage.InputTokenCount);
        Assert.Equal(expected.Tokens, completion.Usage.OutputTokenCount);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
        Assert.True(expected.Text.Length > 10, expected.Text);
    }

    [Fact]
    public async Task CompleteChatStreaming_GreedyWithOfficialSdk_ConcatenatesToTheGeneratorText()
    {
        var expected = ReferenceGeneration.Greedy(Prompt, 40);
        var chat = server.OpenAI().GetChatClient(ServerFixture.Model);
        var text = new StringBuilder();
        OpenAI.Chat.ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        var updates = 0;

        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage(Prompt)], new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 40 }))
        {
            updates++;
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal(expected.Text, text.ToString());
        Assert.True(updates > 3, $"only {updates} updates: the reply was not streamed");
        Assert.Equal(expected.Finish == FinishReason.Stop ? OpenAI.Chat.ChatFinishReason.Stop : OpenAI.Chat.ChatFinishReason.Length, finish);
        if (usage is not null)
        {
            Assert.Equal(expected.Tokens, usage.OutputTokenCount);
        }
    }

    [Fact]
    public async Task Stream_RawFrames_AreDataLinesEndingWithDoneAndUsage()
    {
        using var http = server.Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = ServerFixture.Json($$$"""{"model":"{{{ServerFixture.Model}}}","messages":[{"role":"user","content":"Hi"}],"max_tokens":6,"temperature":0,"stream":true,"stream_options":{"include_usage":true}}"""),
        };

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
        var frames = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(frames, f => Assert.StartsWith("data: ", f, StringComparison.Ordinal));
        var chunks = frames[..^1].Select(f => JsonDocument.Parse(f["data: ".Length..]).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var withFinish = chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0 && c.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind == JsonValueKind.String).ToList();
        Assert.Equal("length", Assert.Single(withFinish).GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        var usage = chunks[^1];
        Assert.Equal(0, usage.GetProperty("choices").GetArrayLength());
        Assert.Equal(6, usage.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(ReferenceGeneration.PromptTokens("Hi"), usage.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task CompleteChat_SameSeedWithTemperature_RepeatsAndAnotherSeedDiffers()
    {
        var chat = server.OpenAI().GetChatClient(ServerFixture.Model);
        async Task<string> Sample(long seed) =>
            (await chat.CompleteChatAsync([new UserChatMessage(Prompt)], new ChatCompletionOptions { Temperature = 0.9f, Seed = seed, MaxOutputTokenCount = 30 })).Value.Content[0].Text;

        var first = await Sample(1234);
        var again = await Sample(1234);
        var other = await Sample(98765);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task CompleteChat_NGreaterThanOne_ReturnsNIndexedChoicesAndSummedUsage()
    {
        using var http = server.Http();
        var body = $$"""{"model":"{{ServerFixture.Model}}","messages":[{"role":"user","content":"{{Prompt}}"}],"n":3,"max_tokens":12,"temperature":1.0,"seed":7}""";

        using var response = await http.PostAsync("/v1/chat/completions", ServerFixture.Json(body));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var choices = json.RootElement.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], choices.Select(c => c.GetProperty("index").GetInt32()));
        var texts = choices.Select(c => c.GetProperty("message").GetProperty("content").GetString()).ToList();
        Assert.True(texts.Distinct().Count() > 1, "the choices should be drawn independently: " + string.Join(" | ", texts));
        var usage = json.RootElement.GetProperty("usage");
        // Each choice generates 12 tokens unless it stops early; usage sums the choices and counts the prompt once.
        var completion = usage.GetProperty("completion_tokens").GetInt32();
        if (choices.All(c => c.GetProperty("finish_reason").GetString() == "length"))
        {
            Assert.Equal(36, completion);
        }
        else
        {
            Assert.InRange(completion, 3, 35);
        }

        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + completion, usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(ReferenceGeneration.PromptTokens(Prompt), usage.GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task CompleteChat_ContentPartsAndStopString_RenderLikeAStringAndCutAtTheStop()
    {
        var full = ReferenceGeneration.Greedy(Prompt, 40);
        var stop = full.Text.Trim().Split(' ')[2];
        var expected = ReferenceGeneration.Greedy(Prompt, 40, [stop]);
        using var http = server.Http();
        var body = $$"""{"model":"{{ServerFixture.Model}}","messages":[{"role":"user","content":[{"type":"text","text":"{{Prompt}}"}]}],"max_completion_tokens":40,"temperature":0,"stop":["{{stop}}"]}""";

        using var response = await http.PostAsync("/v1/chat/completions", ServerFixture.Json(body));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var choice = json.RootElement.GetProperty("choices")[0];
        Assert.Equal(expected.Text, choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.DoesNotContain(stop, expected.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user","content":"x"}""", null, "invalid_json")]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user","content":"x"}],"temperature":"hot"}""", "temperature", "invalid_json")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}]}""", "model", "missing_required_parameter")]
    [InlineData("""{"model":"stories260K"}""", "messages", "missing_required_parameter")]
    [InlineData("""{"model":"stories260K","messages":[]}""", "messages", null)]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user"}]}""", "messages[0].content", "missing_required_parameter")]
    [InlineData("""{"model":"stories260K","messages":[{"content":"x"}]}""", "messages[0].role", "missing_required_parameter")]
    [InlineData("""{"model":"stories260K","messages":[{"role":"wizard","content":"x"}]}""", "messages[0].role", "invalid_value")]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]}""", "messages[0].content[0].type", "invalid_value")]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user","content":"x"}],"temperature":3}""", "temperature", null)]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user","content":"x"}],"top_p":1.5}""", "top_p", null)]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user","content":"x"}],"max_tokens":0}""", "max_tokens", null)]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user","content":"x"}],"n":0}""", "n", null)]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user","content":"x"}],"stop":["a","b","c","d","e"]}""", "stop", null)]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user","content":"x"}],"stop":7}""", "stop", "invalid_type")]
    [InlineData("""[1,2,3]""", null, "invalid_json")]
    public async Task CreateChatCompletion_BadRequest_Answers400NamingTheParameter(string body, string? param, string? code)
    {
        using var http = server.Http();

        var error = await ErrorAssert.IsErrorAsync(await http.PostAsync("/v1/chat/completions", ServerFixture.Json(body)), HttpStatusCode.BadRequest, param, code);

        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task CreateChatCompletion_PromptLongerThanTheContext_Answers400ContextLengthExceeded()
    {
        using var http = server.Http();
        var longText = string.Join(' ', Enumerable.Repeat("The little dog ran to the park.", 200));

        using var response = await http.PostAsync("/v1/chat/completions", ServerFixture.Json(
            $$"""{"model":"{{ServerFixture.Model}}","messages":[{"role":"user","content":"{{longText}}"}]}"""));

        await ErrorAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "messages", "context_length_exceeded");
    }

    [Fact]
    public async Task CreateChatCompletion_UnknownModel_Answers404ModelNotFoundAlsoWhenStreaming()
    {
        using var http = server.Http();

        await ErrorAssert.IsErrorAsync(
            await http.PostAsync("/v1/chat/completions", ServerFixture.Json("""{"model":"gpt-17","messages":[{"role":"user","content":"x"}]}""")),
            HttpStatusCode.NotFound, "model", "model_not_found");
        await ErrorAssert.IsErrorAsync(
            await http.PostAsync("/v1/chat/completions", ServerFixture.Json("""{"model":"gpt-17","messages":[{"role":"user","content":"x"}],"stream":true}""")),
            HttpStatusCode.NotFound, "model", "model_not_found");
        var sdk = await Assert.ThrowsAsync<ClientResultException>(() => server.OpenAI().GetChatClient("gpt-17").CompleteChatAsync([new UserChatMessage("x")]));
        Assert.Equal(404, sdk.Status);
    }

    [Fact]
    public async Task Stream_ClientDisconnects_GenerationIsCancelled()
    {
        using var http = server.Http();
        var cancelledBefore = server.Host.Chat.CancelledGenerations;
        // Sixteen choices of up to ~490 tokens each: far more work than the time a disconnect takes to notice.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = ServerFixture.Json($$"""{"model":"{{ServerFixture.Model}}","messages":[{"role":"user","content":"Hi"}],"n":16,"temperature":1,"stream":true}"""),
        };

        using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var stream = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[64];
            Assert.True(await stream.ReadAsync(buffer) > 0);
        }

        // Disposing the response closed the connection; the server must notice and stop generating.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (server.Host.Chat.CancelledGenerations == cancelledBefore && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(server.Host.Chat.CancelledGenerations > cancelledBefore, "the generation kept running after the client left");
    }
}

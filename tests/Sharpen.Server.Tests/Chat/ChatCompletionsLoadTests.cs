using System.Net;

namespace Sharpen.Server.Tests.Chat;

/// <summary>
/// Many clients at once on loopback only: bounded in count (200 requests) and time (a 60 s client timeout), and it
/// stops by itself. Requests on one model are served one at a time, so this checks queueing, not speed.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ChatCompletionsLoadTests(ServerFixture server)
{
    private const int Requests = 200;

    [Fact]
    public async Task CreateChatCompletion_200ConcurrentRequests_AllSucceedWithout5xx()
    {
        Assert.True(server.BaseAddress.IsLoopback);
        using var http = server.Http();
        var statuses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(async i =>
        {
            var stream = i % 4 == 0 ? "true" : "false";
            var model = i % 2 == 0 ? ServerFixture.Model : ServerFixture.FolderModel;
            using var response = await http.PostAsync("/v1/chat/completions", ServerFixture.Json(
                $$"""{"model":"{{model}}","messages":[{"role":"user","content":"Request {{i}}"}],"max_tokens":2,"temperature":0,"stream":{{stream}}}"""));
            var body = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, body);
        }));

        Assert.DoesNotContain(statuses, s => (int)s.StatusCode >= 500);
        Assert.All(statuses, s => Assert.True(s.StatusCode == HttpStatusCode.OK, $"{(int)s.StatusCode}: {s.body}"));
        Assert.All(statuses.Where(s => s.body.StartsWith("data: ", StringComparison.Ordinal)), s => Assert.EndsWith("data: [DONE]\n\n", s.body, StringComparison.Ordinal));
        Assert.Equal(0, server.Host.Chat.ActiveGenerations);
    }
}

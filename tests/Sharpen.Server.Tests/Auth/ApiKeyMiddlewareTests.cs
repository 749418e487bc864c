using System.ClientModel;
using System.Net;

namespace Sharpen.Server.Tests.Auth;

[Collection(ServerCollection.Name)]
public sealed class ApiKeyMiddlewareTests(ServerFixture server)
{
    [Theory]
    [InlineData("/v1/models")]
    [InlineData("/v1/files")]
    [InlineData("/v1/no-such-route")]
    public async Task Request_WithoutKey_Answers401(string path)
    {
        using var http = server.Http(key: "");

        using var response = await http.GetAsync(path);

        await ErrorAssert.IsErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("sk-sharpen-0000000000000000000000000000000000000000")]
    [InlineData("not-even-a-key")]
    public async Task Request_WithUnknownKey_Answers401InvalidApiKey(string key)
    {
        using var http = server.Http(key);

        await ErrorAssert.IsErrorAsync(await http.GetAsync("/v1/models"), HttpStatusCode.Unauthorized, code: "invalid_api_key");
    }

    [Fact]
    public async Task Request_WithRevokedKey_Answers401()
    {
        var created = server.Host.ApiKeys.Create("short-lived");
        using var http = server.Http(created.Secret);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/models")).StatusCode);

        Assert.True(server.Host.ApiKeys.Revoke(created.Key.Id));

        await ErrorAssert.IsErrorAsync(await http.GetAsync("/v1/models"), HttpStatusCode.Unauthorized, code: "invalid_api_key");
    }

    [Fact]
    public async Task OfficialSdk_WithWrongKey_SeesA401()
    {
        var ex = await Assert.ThrowsAsync<ClientResultException>(() => server.OpenAI("sk-sharpen-wrong").GetOpenAIModelClient().GetModelsAsync());

        Assert.Equal(401, ex.Status);
    }
}

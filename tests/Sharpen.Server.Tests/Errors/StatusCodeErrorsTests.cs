using System.Net;

namespace Sharpen.Server.Tests.Errors;

[Collection(ServerCollection.Name)]
public sealed class StatusCodeErrorsTests(ServerFixture server)
{
    [Fact]
    public async Task UnknownUrl_Answers404InOpenAIShape()
    {
        using var http = server.Http();

        await ErrorAssert.IsErrorAsync(await http.GetAsync("/v1/fine_tuning/nothing"), HttpStatusCode.NotFound, code: "unknown_url");
    }

    [Theory]
    [InlineData("PUT", "/v1/models")]
    [InlineData("GET", "/v1/chat/completions")]
    [InlineData("PATCH", "/v1/files")]
    public async Task WrongMethod_Answers405InOpenAIShape(string method, string path)
    {
        using var http = server.Http();

        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await ErrorAssert.IsErrorAsync(response, HttpStatusCode.MethodNotAllowed, code: "method_not_allowed");
        Assert.NotEmpty(response.Content.Headers.Allow);
    }
}

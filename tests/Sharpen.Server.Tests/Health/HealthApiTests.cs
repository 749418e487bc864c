using System.Net;

namespace Sharpen.Server.Tests.Health;

[Collection(ServerCollection.Name)]
public sealed class HealthApiTests(ServerFixture server)
{
    [Fact]
    public async Task GetHealth_WithoutKey_AnswersOk()
    {
        using var http = server.Http(key: "");

        using var response = await http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await response.Content.ReadAsStringAsync());
    }
}

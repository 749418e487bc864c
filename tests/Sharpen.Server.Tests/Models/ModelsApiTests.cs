using System.ClientModel;
using System.Net;
using OpenAI.Models;

namespace Sharpen.Server.Tests.Models;

[Collection(ServerCollection.Name)]
public sealed class ModelsApiTests(ServerFixture server)
{
    [Fact]
    public async Task GetModels_WithOfficialSdk_ListsRegisteredAndFolderModels()
    {
        var models = server.OpenAI().GetOpenAIModelClient();

        OpenAIModelCollection list = await models.GetModelsAsync();

        var ids = list.Select(m => m.Id).ToList();
        Assert.Contains(ServerFixture.Model, ids);
        Assert.Contains(ServerFixture.FolderModel, ids);
        var model = list.Single(m => m.Id == ServerFixture.Model);
        Assert.Equal("sharpen", model.OwnedBy);
        var config = File.GetLastWriteTimeUtc(Path.Combine(ServerFixture.ModelDirectory, "config.json"));
        Assert.Equal(new DateTimeOffset(config, TimeSpan.Zero).ToUnixTimeSeconds(), model.CreatedAt.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task GetModel_KnownId_ReturnsIt()
    {
        OpenAIModel model = await server.OpenAI().GetOpenAIModelClient().GetModelAsync(ServerFixture.FolderModel);

        Assert.Equal(ServerFixture.FolderModel, model.Id);
    }

    [Fact]
    public async Task GetModel_UnknownId_Answers404ModelNotFound()
    {
        using var http = server.Http();
        await ErrorAssert.IsErrorAsync(await http.GetAsync("/v1/models/gpt-17"), HttpStatusCode.NotFound, "model", "model_not_found");
        await ErrorAssert.IsErrorAsync(await http.GetAsync("/v1/models/..%2F..%2Fetc"), HttpStatusCode.NotFound, "model", "model_not_found");
        var sdk = await Assert.ThrowsAsync<ClientResultException>(() => server.OpenAI().GetOpenAIModelClient().GetModelAsync("gpt-17"));
        Assert.Equal(404, sdk.Status);
    }
}

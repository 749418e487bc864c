using Sharpen.Hosting.Models;
using Sharpen.TestKit;

namespace Sharpen.Hosting.Tests.Models;

public sealed class ModelRegistryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void List_FindsModelFoldersAndExplicitRegistrations()
    {
        var models = Path.Combine(_dir.Path, "models");
        Directory.CreateDirectory(Path.Combine(models, "not-a-model"));
        Directory.CreateDirectory(models);
        Directory.CreateSymbolicLink(Path.Combine(models, "tiny"), SharedData.Path("models", "stories260K-hf"));
        var registry = new ModelRegistry(models);
        registry.Register("org/stories", SharedData.Path("models", "stories260K-hf"));

        Assert.Equal(["org/stories", "tiny"], registry.List().Select(m => m.Id));
        Assert.NotNull(registry.Find("tiny"));
        Assert.Null(registry.Find("not-a-model"));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../models/tiny")]
    [InlineData("tiny/../tiny")]
    [InlineData("")]
    public void Find_PathLikeIds_NeverReachOutsideTheModelsFolder(string id)
    {
        var models = Path.Combine(_dir.Path, "models");
        Directory.CreateDirectory(models);
        Directory.CreateSymbolicLink(Path.Combine(models, "tiny"), SharedData.Path("models", "stories260K-hf"));

        Assert.Null(new ModelRegistry(models).Find(id));
    }

    [Fact]
    public void Register_FolderWithoutConfig_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ModelRegistry(null).Register("x", _dir.Path));

        Assert.Contains("config.json", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ModelNotFoundException>(() => new ModelRegistry(null).Get("x"));
    }
}

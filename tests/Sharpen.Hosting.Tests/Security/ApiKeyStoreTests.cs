using System.Text;
using Sharpen.Hosting.Security;
using Sharpen.Hosting.Storage;
using Sharpen.TestKit;

namespace Sharpen.Hosting.Tests.Security;

public sealed class ApiKeyStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Create_ThenAuthenticate_FindsTheKeyAndItsProject()
    {
        var store = new ApiKeyStore(SharpenDatabase.Open(_dir.Path));

        var created = store.Create("ci", "team-a");

        Assert.StartsWith(ApiKeyStore.SecretPrefix, created.Secret, StringComparison.Ordinal);
        Assert.Equal(created.Key, store.Authenticate(created.Secret));
        Assert.Equal("team-a", created.Key.Project);
        Assert.Null(store.Authenticate(created.Secret + "x"));
        Assert.Null(store.Authenticate(null));
    }

    [Fact]
    public void Create_StoresOnlyAHashOfTheSecret()
    {
        var database = SharpenDatabase.Open(_dir.Path);
        var created = new ApiKeyStore(database).Create("ci");
        var secretBody = created.Secret[ApiKeyStore.SecretPrefix.Length..];

        // Read every byte of the database files (WAL included): the secret must not appear anywhere.
        var bytes = Directory.GetFiles(_dir.Path, SharpenDatabase.FileName + "*").SelectMany(File.ReadAllBytes).ToArray();
        Assert.DoesNotContain(secretBody, Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Revoke_StopsAuthentication_AndListKeepsTheRecord()
    {
        var store = new ApiKeyStore(SharpenDatabase.Open(_dir.Path));
        var created = store.Create("temp");

        Assert.True(store.Revoke(created.Key.Id));

        Assert.Null(store.Authenticate(created.Secret));
        Assert.NotNull(Assert.Single(store.List()).RevokedAt);
        Assert.False(store.Revoke(created.Key.Id));
    }
}

using Microsoft.Data.Sqlite;
using Sharpen.Hosting.Security;
using Sharpen.Hosting.Storage;
using Sharpen.TestKit;

namespace Sharpen.Hosting.Tests.Storage;

public sealed class SharpenDatabaseTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Open_Twice_KeepsDataAndSchemaVersion()
    {
        var key = new ApiKeyStore(SharpenDatabase.Open(_dir.Path)).Create("k");

        var reopened = SharpenDatabase.Open(_dir.Path);

        Assert.NotNull(new ApiKeyStore(reopened).Authenticate(key.Secret));
        using var connection = reopened.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), MAX(version) FROM schema_version;";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(SchemaMigrations.Latest, reader.GetInt32(0));
        Assert.Equal(SchemaMigrations.Latest, reader.GetInt32(1));
    }

    [Fact]
    public void Open_DatabaseFromANewerSharpen_RefusesWithAClearMessage()
    {
        var database = SharpenDatabase.Open(_dir.Path);
        using (var connection = database.Connect())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"INSERT INTO schema_version (version) VALUES ({SchemaMigrations.Latest + 1});";
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        var ex = Assert.Throws<InvalidOperationException>(() => SharpenDatabase.Open(_dir.Path));
        Assert.Contains("newer than this Sharpen", ex.Message, StringComparison.Ordinal);
    }
}

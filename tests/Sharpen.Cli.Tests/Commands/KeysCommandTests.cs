using Sharpen.Hosting.Security;
using Sharpen.Hosting.Storage;
using Sharpen.TestKit;

namespace Sharpen.Cli.Tests.Commands;

public sealed class KeysCommandTests
{
    [Fact]
    public void KeysCreate_PrintsOnlyASecretThatAuthenticates()
    {
        using var dir = new TempDirectory();

        var (code, stdout, console) = CliRunner.Run("keys", "create", "--data", dir.Path, "--name", "ci", "--project", "team");

        Assert.True(code == 0, console);
        var secret = stdout.Trim();
        Assert.DoesNotContain('\n', secret);
        var key = new ApiKeyStore(SharpenDatabase.Open(dir.Path)).Authenticate(secret);
        Assert.NotNull(key);
        Assert.Equal(("ci", "team"), (key.Name, key.Project));
    }

    [Fact]
    public void KeysListAndRevoke_ShowIdsWithoutSecretsAndDisableTheKey()
    {
        using var dir = new TempDirectory();
        var secret = CliRunner.Run("keys", "create", "--data", dir.Path).Stdout.Trim();
        var store = new ApiKeyStore(SharpenDatabase.Open(dir.Path));
        var id = Assert.Single(store.List()).Id;

        var list = CliRunner.Run("keys", "list", "--data", dir.Path);
        var revoke = CliRunner.Run("keys", "revoke", id, "--data", dir.Path);
        var again = CliRunner.Run("keys", "revoke", id, "--data", dir.Path);

        Assert.Contains(id, list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, revoke.ExitCode);
        Assert.Null(store.Authenticate(secret));
        Assert.Equal(SharpenCli.UserErrorExitCode, again.ExitCode);
        Assert.Contains(id, again.Console, StringComparison.Ordinal);
    }
}

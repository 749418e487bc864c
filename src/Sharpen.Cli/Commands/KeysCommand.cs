using System.CommandLine;
using System.Globalization;
using Sharpen.Hosting.Security;
using Sharpen.Hosting.Storage;
using Spectre.Console;

namespace Sharpen.Cli.Commands;

/// <summary>
/// <c>sharpen keys create|list|revoke</c>: the bearer API keys of a data folder. A new key's secret is printed once
/// (only its hash is kept) alone on stdout, so scripts can capture it.
/// </summary>
internal static class KeysCommand
{
    public static Command Create(IAnsiConsole console, TextWriter stdout)
    {
        var command = new Command("keys", "Create, list and revoke the API keys of a server's data folder.");
        command.Subcommands.Add(CreateKey(console, stdout));
        command.Subcommands.Add(List(stdout));
        command.Subcommands.Add(Revoke(console));
        return command;
    }

    private static Command CreateKey(IAnsiConsole console, TextWriter stdout)
    {
        var data = ServeCommand.DataOption();
        var name = new Option<string>("--name") { Description = "What the key is for (shown in listings).", DefaultValueFactory = _ => "default" };
        var project = new Option<string>("--project") { Description = "Project the key belongs to; keys see only their project's files.", DefaultValueFactory = _ => ApiKeyStore.DefaultProject };
        var command = new Command("create", "Create a key and print its secret once.") { data, name, project };
        command.SetAction(parse =>
        {
            var store = new ApiKeyStore(SharpenDatabase.Open(parse.GetValue(data)!));
            var created = store.Create(parse.GetValue(name)!, parse.GetValue(project)!);
            stdout.WriteLine(created.Secret);
            if (!Console.IsOutputRedirected)
            {
                // Only for a person at a terminal: `KEY=$(sharpen keys create)` must capture the secret alone.
                console.MarkupLine(Markup.Escape($"Created {created.Key.Id} ({created.Key.Name}, project {created.Key.Project}). Store the secret now: it cannot be shown again."));
            }

            return 0;
        });
        return command;
    }

    private static Command List(TextWriter stdout)
    {
        var data = ServeCommand.DataOption();
        var command = new Command("list", "List keys (never their secrets).") { data };
        command.SetAction(parse =>
        {
            foreach (var key in new ApiKeyStore(SharpenDatabase.Open(parse.GetValue(data)!)).List())
            {
                var state = key.RevokedAt is { } revoked ? "revoked " + revoked.ToString("u", CultureInfo.InvariantCulture) : "active";
                stdout.WriteLine($"{key.Id}\t{key.Name}\t{key.Project}\t{key.Hint}\t{key.CreatedAt.ToString("u", CultureInfo.InvariantCulture)}\t{state}");
            }

            return 0;
        });
        return command;
    }

    private static Command Revoke(IAnsiConsole console)
    {
        var data = ServeCommand.DataOption();
        var id = new Argument<string>("id") { Description = "The key id (key-…) from `sharpen keys list`." };
        var command = new Command("revoke", "Revoke a key; requests with it are refused from then on.") { data, id };
        command.SetAction(parse =>
        {
            var keyId = parse.GetValue(id)!;
            if (!new ApiKeyStore(SharpenDatabase.Open(parse.GetValue(data)!)).Revoke(keyId))
            {
                throw new ArgumentException($"No active key '{keyId}'.");
            }

            console.MarkupLine(Markup.Escape($"Revoked {keyId}."));
            return 0;
        });
        return command;
    }
}

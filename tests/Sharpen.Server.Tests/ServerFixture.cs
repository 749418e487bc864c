using System.ClientModel;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using OpenAI;
using Sharpen.Hosting;
using Sharpen.TestKit;

namespace Sharpen.Server.Tests;

/// <summary>
/// One real server for the whole test run: Kestrel on 127.0.0.1 with a free port, SQLite and files in a temp data
/// folder, stories260K registered by name and also found as a folder under <c>models/</c>, two API keys in two projects.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    /// <summary>The upload limit of the test server: small, so the 413 path is cheap to reach.</summary>
    public const long MaxUploadBytes = 256 * 1024;

    /// <summary>The model registered with <c>--model</c>-style options.</summary>
    public const string Model = "stories260K";

    /// <summary>The same model found as a folder (symbolic link) under the data folder's <c>models/</c>.</summary>
    public const string FolderModel = "stories-folder";

    private readonly TempDirectory _temp = new();
    private WebApplication? _app;

    public SharpenHost Host { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A key of the default project.</summary>
    public string Key { get; private set; } = null!;

    /// <summary>A key of another project, which must not see the first project's files.</summary>
    public string OtherProjectKey { get; private set; } = null!;

    public static string ModelDirectory => SharedData.Path("models", "stories260K-hf");

    public async Task InitializeAsync()
    {
        var data = Path.Combine(_temp.Path, "data");
        Directory.CreateDirectory(Path.Combine(data, "models"));
        Directory.CreateSymbolicLink(Path.Combine(data, "models", FolderModel), ModelDirectory);
        Host = SharpenHost.Open(new HostingOptions
        {
            DataDirectory = data,
            Models = new Dictionary<string, string> { [Model] = ModelDirectory },
            MaxUploadBytes = MaxUploadBytes,
            ModelCacheSize = 2,
            // One libtorch thread: on a shared two-core machine more threads spin against each other.
            JobThreads = 1,
        });
        Key = Host.ApiKeys.Create("tests").Secret;
        OtherProjectKey = Host.ApiKeys.Create("intruder", "other-project").Secret;
        _app = SharpenServer.Build(new ServerOptions { Host = "127.0.0.1", Port = 0, Hosting = new HostingOptions { DataDirectory = data }, ConsoleLogging = false }, Host);
        await _app.StartAsync();
        BaseAddress = SharpenServer.BaseAddress(_app);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Host.Dispose();
        _temp.Dispose();
    }

    /// <summary>The official SDK pointed at this server, as a user would configure it.</summary>
    public OpenAIClient OpenAI(string? key = null) =>
        new(new ApiKeyCredential(key ?? Key), new OpenAIClientOptions { Endpoint = new Uri(BaseAddress + "v1"), NetworkTimeout = TimeSpan.FromSeconds(60) });

    /// <summary>A raw client with the key set, for requests the SDK would never send.</summary>
    public HttpClient Http(string? key = null)
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not "")
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key ?? Key);
        }

        return http;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>
    /// The first <paramref name="count"/> Banking77 training rows as OpenAI chat JSONL: the query as the user turn, its
    /// intent as the assistant's answer.
    /// </summary>
    public static byte[] Banking77ChatJsonl(int count)
    {
        var builder = new StringBuilder();
        foreach (var line in File.ReadLines(SharedData.Path("data", "banking77", "train.csv")).Skip(1).Take(count))
        {
            // Rows are "text,category"; a quoted text may contain commas, the category never does.
            var comma = line.LastIndexOf(',');
            var text = line[..comma].Trim('"').Replace("\"\"", "\"", StringComparison.Ordinal);
            var label = line[(comma + 1)..];
            var example = new
            {
                messages = new object[]
                {
                    new { role = "system", content = "Classify the banking customer's message into one intent." },
                    new { role = "user", content = text },
                    new { role = "assistant", content = label },
                },
            };
            builder.Append(JsonSerializer.Serialize(example)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    public static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}

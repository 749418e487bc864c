using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sharpen.Hosting;
using Sharpen.Server.Auth;
using Sharpen.Server.Chat;
using Sharpen.Server.Dashboard;
using Sharpen.Server.Errors;
using Sharpen.Server.FineTuning;
using Sharpen.Server.Files;
using Sharpen.Server.Health;
using Sharpen.Server.Models;

namespace Sharpen.Server;

/// <summary>
/// Sharpen's OpenAI-compatible HTTP server on Kestrel: <c>/v1/files</c>, <c>/v1/fine_tuning/jobs</c> (with the job
/// runner as a hosted service), <c>/v1/models</c>, <c>/v1/chat/completions</c> behind bearer API keys, <c>/health</c>,
/// and the web dashboard at <c>/dashboard</c>. The official OpenAI SDKs work against it by pointing their endpoint at
/// <c>{base}/v1</c>. All state lives in a <see cref="SharpenHost"/> (SQLite and files in the data folder).
/// </summary>
public static class SharpenServer
{
    /// <summary>Builds a server for <paramref name="host"/>, which the caller keeps and disposes after the server stops.</summary>
    public static WebApplication Build(ServerOptions options, SharpenHost host)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(host);
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = host.DataDirectory });
        builder.Logging.ClearProviders();
        if (options.ConsoleLogging)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            // Per-request framework chatter drowns the server's own lines; keep warnings and the startup banner.
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Uploads are streamed to disk and checked against the store's limit; the body limit only has to leave
            // room for the multipart framing around the file.
            kestrel.Limits.MaxRequestBodySize = host.Files.MaxUploadBytes + FilesApi.MultipartOverheadBytes;
            if (options.Host == "localhost")
            {
                kestrel.ListenLocalhost(options.Port);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(options.Host), options.Port);
            }
        });
        builder.Services.AddSingleton(host);
        builder.Services.AddSingleton(host.ApiKeys);
        builder.Services.AddHostedService<JobRunnerService>();
        builder.Services.ConfigureHttpJsonOptions(json => WireJson.Configure(json.SerializerOptions));

        var app = builder.Build();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseStatusCodePages(StatusCodeErrors.WriteAsync);
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseRouting();
        app.MapHealthApi();
        app.MapModelsApi();
        app.MapFilesApi();
        app.MapChatCompletionsApi();
        app.MapFineTuningApi();
        app.MapDashboard();
        return app;
    }

    /// <summary>Opens the data folder, serves until <paramref name="cancellationToken"/> fires, then shuts down cleanly.</summary>
    public static async Task RunAsync(ServerOptions options, Action<Uri>? onListening = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        using var host = SharpenHost.Open(options.Hosting);
        var app = Build(options, host);
        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            onListening?.Invoke(BaseAddress(app));
            // Either the caller stops us, or the host's own console lifetime does (it takes SIGINT/SIGTERM first).
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Asked to stop.
            }

            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The address a started server listens on (with the real port when port 0 was asked for), without a trailing slash.</summary>
    public static Uri BaseAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The server is not listening; start it first.");
        return new Uri(first.TrimEnd('/'));
    }
}

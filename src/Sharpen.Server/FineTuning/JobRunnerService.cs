using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sharpen.Hosting;

namespace Sharpen.Server.FineTuning;

/// <summary>
/// Runs the host's fine-tuning job runner for as long as the server runs. Stopping the server stops training at a step
/// boundary and leaves those jobs <c>running</c>; the next server on the data folder resumes them.
/// </summary>
internal sealed partial class JobRunnerService(SharpenHost host, ILogger<JobRunnerService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        host.Jobs.Runner.Faulted += OnFaulted;
        host.Jobs.Runner.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await host.Jobs.Runner.StopAsync().ConfigureAwait(false);
        host.Jobs.Runner.Faulted -= OnFaulted;
    }

    private void OnFaulted(Exception exception) => LogFaulted(logger, exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The fine-tuning job runner hit an error; it keeps running")]
    private static partial void LogFaulted(ILogger logger, Exception exception);
}

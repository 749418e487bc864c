using System.Diagnostics;
using Microsoft.Playwright;

namespace Sharpen.Server.Tests.Dashboard;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright for .NET. The project installs the browser itself: when
/// <see cref="ExecutablePath"/> is missing this fixture runs <c>apt-get install chromium</c> (after
/// <c>apt-get update</c> if the first try fails), so <c>dotnet test</c> works on a fresh Debian 12 with only the .NET
/// SDK. Playwright's own browser download (<c>playwright install</c>) is never used; its bundled Node driver runs offline.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    /// <summary>Where Debian's <c>chromium</c> package puts the browser.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        EnsureInstalled();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Timeout = 120_000,
            // No GPU, no sandbox (tests run as root), and nothing that would reach for the network on its own.
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>Installs Debian's Chromium package when the browser is missing; throws with apt's output if that fails.</summary>
    internal static void EnsureInstalled()
    {
        if (File.Exists(ExecutablePath))
        {
            return;
        }

        if (!File.Exists("/usr/bin/apt-get"))
        {
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing and this is not a Debian-like system with apt-get; install Chromium so that {ExecutablePath} exists.");
        }

        var log = new List<string>();
        if (!Apt(log, "install", "-y", "chromium"))
        {
            // A fresh machine may not have package lists yet (or stale ones): refresh them once and try again.
            Apt(log, "update");
            Apt(log, "install", "-y", "chromium");
        }

        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Installing Debian's chromium package did not produce {ExecutablePath}. apt-get said:\n" + string.Join('\n', log.TakeLast(40)));
        }
    }

    private static bool Apt(List<string> log, params string[] arguments)
    {
        var start = new ProcessStartInfo("apt-get") { RedirectStandardOutput = true, RedirectStandardError = true };
        // Wait for another apt/dpkg run to finish rather than fail on its lock.
        foreach (var argument in (string[])["-o", "DPkg::Lock::Timeout=600", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("apt-get could not be started.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            log.Add($"apt-get {string.Join(' ', arguments)}: timed out after 15 minutes");
            return false;
        }

        log.Add($"$ apt-get {string.Join(' ', arguments)} (exit {process.ExitCode})");
        log.AddRange(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(20));
        log.AddRange(stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        return process.ExitCode == 0;
    }
}

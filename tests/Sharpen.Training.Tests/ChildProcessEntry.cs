using System.Diagnostics;
using System.Globalization;
using Sharpen.Training.Config;
using Sharpen.Training.Estimation;
using Sharpen.Training.Runs;

namespace Sharpen.Training.Tests;

/// <summary>
/// The entry point when this test assembly is started as a program, so tests can work with real, separate processes:
/// <list type="bullet">
/// <item><c>train CONFIG.yaml DELAY_MS</c>: the resume test runs training here so it can SIGKILL a real process mid-run.
/// The delay is spent in a sink after each step — it observes, so the numbers are unchanged — to leave a window for
/// the kill. Prints <c>elapsed_seconds S</c> (the run's wall time) when done.</item>
/// <item><c>estimate CONFIG.yaml</c>: <c>sharpen estimate</c>'s prediction in a fresh process, as a user gets it;
/// prints <c>estimate_seconds S</c>.</item>
/// </list>
/// </summary>
public static class ChildProcessEntry
{
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        switch (args)
        {
            case ["train", var yaml, var delayMs]:
            {
                var config = new TrainingConfigBuilder().AddYamlFile(yaml).Build();
                var delay = int.Parse(delayMs, CultureInfo.InvariantCulture);
                using var sink = new RecordingSink(_ => Thread.Sleep(delay));
                var started = Stopwatch.GetTimestamp();
                TrainingRun.Start(config, new TrainingRunOptions { Sinks = [sink] });
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"elapsed_seconds {Stopwatch.GetElapsedTime(started).TotalSeconds:R}"));
                return 0;
            }

            case ["estimate", var yaml]:
            {
                var config = new TrainingConfigBuilder().AddYamlFile(yaml).Build();
                var estimate = TrainingEstimator.Estimate(config);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"estimate_seconds {estimate.Total.TotalSeconds:R}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"setup {estimate.Setup.TotalSeconds:F2} s, steps {estimate.Training.TotalSeconds:F2} s, validation {estimate.Evaluation.TotalSeconds:F2} s, checkpoints {estimate.Checkpointing.TotalSeconds:F2} s; {estimate.Probe.StepTime}"));
                return 0;
            }

            default:
                Console.Error.WriteLine("usage: Sharpen.Training.Tests train CONFIG.yaml DELAY_MS | estimate CONFIG.yaml");
                return 2;
        }
    }

    /// <summary>Starts this assembly as a child process with <paramref name="args"/>, output redirected.</summary>
    public static Process Launch(params string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(ChildProcessEntry).Assembly.Location);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start the child process");
    }

    /// <summary>Runs the child to completion; returns the number it printed after <paramref name="label"/> and all it printed.</summary>
    public static (double Value, string Output) RunForValue(string label, params string[] args)
    {
        using var child = Launch(args);
        var stdoutTask = child.StandardOutput.ReadToEndAsync();
        var stderrTask = child.StandardError.ReadToEndAsync();
        if (!child.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            child.Kill(entireProcessTree: true);
            throw new TimeoutException($"child '{string.Join(' ', args)}' did not finish in 5 minutes");
        }

        var stdout = stdoutTask.Result;
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"child '{string.Join(' ', args)}' exited with {child.ExitCode}: {stderrTask.Result}{stdout}");
        }

        var line = stdout.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(label + " ", StringComparison.Ordinal))
            ?? throw new InvalidDataException($"child printed no '{label}' line: {stdout}");
        return (double.Parse(line[(label.Length + 1)..], CultureInfo.InvariantCulture), stdout);
    }
}

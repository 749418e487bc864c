using Sharpen.Training.Config;
using Sharpen.Training.Runs;

namespace Sharpen.Training.Tests;

/// <summary>
/// The entry point when this test assembly is started as a program (<c>dotnet Sharpen.Training.Tests.dll train
/// CONFIG.yaml DELAY_MS</c>): the resume test runs training here so it can SIGKILL a real process mid-run. The delay
/// is spent in a sink after each step — it observes, so the numbers are unchanged — to leave a window for the kill.
/// </summary>
public static class ChildProcessEntry
{
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length != 3 || args[0] != "train")
        {
            Console.Error.WriteLine("usage: Sharpen.Training.Tests train CONFIG.yaml DELAY_MS");
            return 2;
        }

        var config = new TrainingConfigBuilder().AddYamlFile(args[1]).Build();
        var delay = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        using var sink = new RecordingSink(_ => Thread.Sleep(delay));
        TrainingRun.Start(config, new TrainingRunOptions { Sinks = [sink] });
        return 0;
    }
}

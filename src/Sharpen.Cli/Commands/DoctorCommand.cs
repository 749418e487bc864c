using System.CommandLine;
using Sharpen.Hosting;
using Sharpen.Hosting.Diagnostics;
using Spectre.Console;

namespace Sharpen.Cli.Commands;

/// <summary><c>sharpen doctor</c>: versions, threads, CPU features, native library status and storage paths.</summary>
internal static class DoctorCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("doctor", "Check this machine: .NET and libtorch versions, threads, CPU features, storage paths.");
        command.SetAction(_ =>
        {
            var report = DoctorReport.Collect(SharpenPaths.FromEnvironment());
            Render(console, report);
            return report.Healthy ? 0 : 1;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, DoctorReport r)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("check").AddColumn("value");
        table.AddRow(".NET", Markup.Escape(r.DotnetVersion));
        table.AddRow("OS", Markup.Escape(r.OperatingSystem));
        table.AddRow("CPU", Markup.Escape($"{r.Cpu.ModelName} ({r.Cpu.LogicalCores} logical cores)"));
        table.AddRow("AVX2", YesNo(r.Cpu.Avx2));
        table.AddRow("AVX-512", YesNo(r.Cpu.Avx512F));
        table.AddRow("AVX512-BF16", YesNo(r.Cpu.Avx512Bf16) + (r.Cpu.Avx512Bf16 ? " (bf16 compute recommended)" : " (prefer fp32)"));
        table.AddRow("AMX-BF16", YesNo(r.Cpu.AmxBf16));
        if (r.Torch.Loaded)
        {
            table.AddRow("libtorch", Markup.Escape($"{r.Torch.LibTorchVersion} — native library loads"));
            table.AddRow("threads", $"{r.Torch.IntraOpThreads} intra-op, {r.Torch.InterOpThreads} inter-op");
        }
        else
        {
            table.AddRow("libtorch", "[red]native library does not load[/]: " + Markup.Escape(r.Torch.Error ?? "unknown error"));
        }

        table.AddRow("home", Markup.Escape(r.Paths.Home));
        table.AddRow("models", Markup.Escape(r.Paths.Models));
        table.AddRow("runs", Markup.Escape(r.Paths.Runs));
        console.Write(table);
    }

    private static string YesNo(bool value) => value ? "[green]yes[/]" : "[yellow]no[/]";
}

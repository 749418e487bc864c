using System.Buffers.Binary;
using System.Text;
using Sharpen.Modeling.Runtime;

namespace Sharpen.Modeling.Tests.Runtime;

/// <summary>
/// Checks what build/TorchSharpNative.targets did to this test project's output: the copied libLibTorchSharp.so has its
/// GLIBCXX_3.4.32 version need marked weak (VER_FLG_WEAK = 0x2), every other need is untouched, and the NuGet cache's
/// copy is left as shipped. The ELF walk here is independent of the build task's (System.Buffers.Binary, not BitConverter),
/// following the ELF gABI's Elf64_Shdr / Elf64_Verneed / Elf64_Vernaux layouts.
/// </summary>
public sealed class NativeLibraryPatchTests
{
    private const string Version = "GLIBCXX_3.4.32";

    [Fact]
    public void OutputCopy_HasTheGlibcxxNeedMarkedWeak()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

        var needs = VersionNeeds(File.ReadAllBytes(path));

        Assert.Equal(0x2, needs[Version] & 0x2);
        Assert.All(needs.Where(n => n.Key != Version), n => Assert.Equal(0, n.Value & 0x2));
    }

    [Fact]
    public void NuGetCacheCopy_IsNotModified()
    {
        var home = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var cached = Path.Combine(home, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(cached), $"expected the TorchSharp package in the NuGet cache at {cached}");

        var needs = VersionNeeds(File.ReadAllBytes(cached));

        Assert.Equal(0, needs[Version] & 0x2);
    }

    [Fact]
    public void Probe_LoadsLibtorch()
    {
        var info = TorchRuntime.Probe();

        Assert.True(info.Loaded, info.Error);
        Assert.StartsWith("2.10", info.LibTorchVersion, StringComparison.Ordinal);
    }

    private static Dictionary<string, ushort> VersionNeeds(byte[] elf)
    {
        var span = elf.AsSpan();
        Assert.True(span[..4].SequenceEqual("\u007fELF"u8), "not an ELF file");
        var shoff = (int)BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]);
        var shentsize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);
        var shnum = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        var result = new Dictionary<string, ushort>(StringComparer.Ordinal);
        for (var s = 0; s < shnum; s++)
        {
            var header = span[(shoff + (s * shentsize))..];
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != 0x6ffffffe)
            {
                continue; // not SHT_GNU_verneed
            }

            var offset = (int)BinaryPrimitives.ReadUInt64LittleEndian(header[24..]);
            var link = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[40..]);
            var strings = (int)BinaryPrimitives.ReadUInt64LittleEndian(span[(shoff + (link * shentsize) + 24)..]);
            for (int need = offset, n = 0; n < (int)BinaryPrimitives.ReadUInt32LittleEndian(header[44..]); n++)
            {
                var count = BinaryPrimitives.ReadUInt16LittleEndian(span[(need + 2)..]);
                var aux = need + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(need + 8)..]);
                for (var j = 0; j < count; j++)
                {
                    var name = strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(aux + 8)..]);
                    var end = span[name..].IndexOf((byte)0);
                    result[Encoding.ASCII.GetString(span.Slice(name, end))] = BinaryPrimitives.ReadUInt16LittleEndian(span[(aux + 4)..]);
                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(aux + 12)..]);
                }

                need += (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(need + 12)..]);
            }
        }

        Assert.True(result.ContainsKey(Version), $"{Version} not among the version needs");
        return result;
    }
}

using System.Xml.Linq;
using Sharpen.TestKit;

namespace Sharpen.Architecture.Tests;

/// <summary>
/// Enforces the arrows of docs/architecture.md on the project files themselves: which src project may reference which,
/// and where TorchSharp, ASP.NET and the OpenAI SDK may appear. A new project must be added to the table on purpose.
/// </summary>
public sealed class ProjectReferenceTests
{
    // The allowed direct project references, transcribed from docs/architecture.md ("Projects and what each may reference").
    private static readonly Dictionary<string, string[]> s_allowed = new(StringComparer.Ordinal)
    {
        ["Sharpen.Core"] = [],
        ["Sharpen.Data"] = ["Sharpen.Core"],
        ["Sharpen.Tokenization"] = ["Sharpen.Core"],
        ["Sharpen.Modeling"] = ["Sharpen.Core"],
        ["Sharpen.Training"] = ["Sharpen.Core", "Sharpen.Data", "Sharpen.Tokenization", "Sharpen.Modeling"],
        ["Sharpen.Evaluation"] = ["Sharpen.Core", "Sharpen.Data", "Sharpen.Tokenization", "Sharpen.Modeling"],
        ["Sharpen.Hosting"] = ["Sharpen.Core", "Sharpen.Data", "Sharpen.Tokenization", "Sharpen.Modeling", "Sharpen.Training", "Sharpen.Evaluation"],
        ["Sharpen.Server"] = ["Sharpen.Hosting", "Sharpen.Core"],
        ["Sharpen.Cli"] = ["Sharpen.Hosting", "Sharpen.Server"],
    };

    // Packages that bring a framework a project must not depend on.
    private static readonly string[] s_torchFree = ["Sharpen.Core", "Sharpen.Data", "Sharpen.Tokenization"];

    public static TheoryData<string> SourceProjects()
    {
        var data = new TheoryData<string>();
        foreach (var name in SourceProjectFiles().Keys.Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void SourceProjects_AreAllInTheArchitectureTable()
    {
        var unknown = SourceProjectFiles().Keys.Where(k => !s_allowed.ContainsKey(k)).ToList();
        Assert.True(unknown.Count == 0, $"Projects missing from docs/architecture.md's table (add them there and here): {string.Join(", ", unknown)}");
        Assert.Contains("Sharpen.Core", SourceProjectFiles().Keys);
    }

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void ProjectReferences_FollowTheArchitecture(string project)
    {
        var references = ProjectReferences(SourceProjectFiles()[project]);
        var forbidden = references.Where(r => !s_allowed[project].Contains(r)).ToList();
        Assert.True(forbidden.Count == 0, $"{project} references {string.Join(", ", forbidden)}, which docs/architecture.md does not allow.");
    }

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void Packages_StayInTheirLayer(string project)
    {
        var packages = PackageReferences(SourceProjectFiles()[project]);
        if (s_torchFree.Contains(project))
        {
            Assert.DoesNotContain(packages, p => p.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase) || p.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase));
        }

        if (project != "Sharpen.Server")
        {
            Assert.DoesNotContain(packages, p => p.Equals("OpenAI", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(packages, p => p.StartsWith("Microsoft.AspNetCore", StringComparison.OrdinalIgnoreCase));
            var sdk = XDocument.Load(SourceProjectFiles()[project]).Root!.Attribute("Sdk")?.Value;
            Assert.NotEqual("Microsoft.NET.Sdk.Web", sdk);
        }
    }

    [Fact]
    public void TorchFreeProjects_DoNotReachTorchTransitively()
    {
        // A TorchSharp reference could also arrive through a referenced project; walk the graph.
        foreach (var project in s_torchFree)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>([project]);
            while (stack.Count > 0)
            {
                var current = stack.Pop();
                if (!seen.Add(current))
                {
                    continue;
                }

                var file = SourceProjectFiles()[current];
                Assert.DoesNotContain(PackageReferences(file), p => p.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase));
                foreach (var r in ProjectReferences(file))
                {
                    stack.Push(r);
                }
            }
        }
    }

    private static Dictionary<string, string> SourceProjectFiles() =>
        Directory.GetFiles(Path.Combine(SharedData.RepositoryRoot, "src"), "*.csproj", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => f, StringComparer.Ordinal);

    private static List<string> ProjectReferences(string csproj) =>
        [.. XDocument.Load(csproj).Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))];

    private static List<string> PackageReferences(string csproj) =>
        [.. XDocument.Load(csproj).Descendants("PackageReference").Select(e => e.Attribute("Include")!.Value)];
}

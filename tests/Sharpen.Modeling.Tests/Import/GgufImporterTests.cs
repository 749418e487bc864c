using System.Text.Json.Nodes;
using Sharpen.Modeling.Import;
using Sharpen.TestKit;

namespace Sharpen.Modeling.Tests.Import;

/// <summary>Imports the stories260K GGUF once for the class; each test checks one facet against the HF reference.</summary>
public sealed class GgufImporterTests : IClassFixture<GgufImporterTests.ImportedStories>
{
    private readonly ImportedStories _imported;

    public GgufImporterTests(ImportedStories imported)
    {
        _imported = imported;
    }

    [Fact]
    public void Import_Stories260K_WeightsAreBitEqualToHuggingFaceReference()
    {
        HfReference.AssertWeightsBitEqual(Path.Combine(_imported.Output, "model.safetensors"));
    }

    [Fact]
    public void Import_Stories260K_ConfigMatchesHuggingFaceReference()
    {
        HfReference.AssertConfigEqual(Path.Combine(_imported.Output, "config.json"));
    }

    [Fact]
    public void Import_Stories260K_TokenizerHasReferenceVocabAndMerges()
    {
        HfReference.AssertVocabAndMergesEqual(Path.Combine(_imported.Output, "tokenizer.json"));
        // The GGUF does not record tok512's whitespace collapsing, so only the normalizer may differ (see ImportOptions).
        HfReference.AssertTokenizerEqualExcept(Path.Combine(_imported.Output, "tokenizer.json"), "normalizer");
    }

    [Fact]
    public void Import_Stories260K_ReportsFilesParametersAndTying()
    {
        var result = _imported.Result;

        Assert.Equal(["config.json", "generation_config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"], result.Files);
        Assert.True(result.TiedEmbeddings);
        // 512×64 embedding + 5 × (4·64 + 2·32·64 + 64·64 ... ) — computed from the reference file's shapes, not from the importer.
        using var reference = Sharpen.Modeling.Checkpoints.SafetensorsReader.Open(HfReference.File("model.safetensors"));
        Assert.Equal(reference.Names.Sum(n => reference.GetInfo(n).ElementCount), result.ParameterCount);
        Assert.Contains(result.Notes, n => n.Contains("repeated spaces", StringComparison.Ordinal));
    }

    [Fact]
    public void Import_Stories260K_TokenizerConfigMatchesReference()
    {
        var expected = JsonNode.Parse(File.ReadAllText(HfReference.File("tokenizer_config.json")))!;
        var actual = JsonNode.Parse(File.ReadAllText(Path.Combine(_imported.Output, "tokenizer_config.json")))!;

        Assert.True(JsonNode.DeepEquals(expected, actual), actual.ToJsonString());
    }

    [Fact]
    public void Import_RemoveExtraWhitespacesOption_EmitsTok512NormalizerLikeReference()
    {
        using var dir = new TempDirectory();
        var output = Path.Combine(dir.Path, "model");

        GgufImporter.Import(ImportedStories.Gguf, output, new ImportOptions { RemoveExtraWhitespaces = true });

        HfReference.AssertTokenizerEqualExcept(Path.Combine(output, "tokenizer.json"));
    }

    [Fact]
    public void Import_NonEmptyOutputFolder_IsRefusedUnlessOverwrite()
    {
        using var dir = new TempDirectory();
        var output = Path.Combine(dir.Path, "model");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "keep.txt"), "mine");

        var ex = Assert.Throws<IOException>(() => GgufImporter.Import(ImportedStories.Gguf, output));

        Assert.Contains("is not empty", ex.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "keep.txt")));
        Assert.Single(Directory.GetFileSystemEntries(dir.Path));

        GgufImporter.Import(ImportedStories.Gguf, output, new ImportOptions { Overwrite = true });

        Assert.False(File.Exists(Path.Combine(output, "keep.txt")));
        Assert.True(File.Exists(Path.Combine(output, "model.safetensors")));
        Assert.Single(Directory.GetFileSystemEntries(dir.Path));
    }

    /// <summary>The shared import, done once.</summary>
    public sealed class ImportedStories : IDisposable
    {
        private readonly TempDirectory _dir = new();

        public ImportedStories()
        {
            Output = Path.Combine(_dir.Path, "stories260K");
            Result = GgufImporter.Import(Gguf, Output);
        }

        public static string Gguf => SharedData.Path("models", "stories260K-gguf", "tinyllamas-stories-260k-f32.gguf");

        public string Output { get; }

        public ImportResult Result { get; }

        public void Dispose() => _dir.Dispose();
    }
}

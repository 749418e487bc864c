using Sharpen.Data.Analysis;
using Sharpen.Data.Formats;
using Sharpen.Data.Preparation;
using Sharpen.Data.Validation;
using Sharpen.Hosting.Data;
using Sharpen.TestKit;

namespace Sharpen.Hosting.Tests.Evaluation;

/// <summary>
/// Banking77 (../shared/data/banking77/train.csv) prepared once for the evaluation tests exactly as the README's
/// <c>sharpen data prepare ... --prompt-column text --completion-column category --label-column category</c> does.
/// </summary>
public sealed class PreparedBanking77 : IDisposable
{
    private readonly TempDirectory _directory = new();

    public PreparedBanking77()
    {
        var result = DataService.Prepare(new PrepareOptions
        {
            InputPath = SharedData.Path("data", "banking77", "train.csv"),
            OutputDirectory = _directory.File("banking77"),
            Analysis = new ValidationOptions { Read = new DatasetReadOptions { Columns = ColumnMapping.Classification("text", "category") } },
        });
        Train = result.SplitPaths["train"];
        Validation = result.SplitPaths["validation"];
        Test = result.SplitPaths["test"];
    }

    public string Train { get; }

    public string Validation { get; }

    public string Test { get; }

    public static string ModelDirectory => SharedData.Path("models", "stories260K-hf");

    public string Folder(string name)
    {
        var path = _directory.File(name);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose() => _directory.Dispose();
}

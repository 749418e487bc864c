using System.Text.Json;
using Sharpen.Evaluation.Advice;

namespace Sharpen.Hosting.Advice;

/// <summary><c>sharpen advise</c>: the decision framework, with the example count read from a dataset report when given.</summary>
public static class AdviceService
{
    /// <summary>
    /// Advises on <paramref name="answers"/>; when <paramref name="datasetReport"/> (a <c>report.json</c> written by
    /// <c>sharpen data prepare</c>) is given and the example count was not, its kept-example count is used.
    /// </summary>
    public static Sharpen.Evaluation.Advice.Advice Advise(AdviceQuestions answers, string? datasetReport = null)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (datasetReport is not null && answers.HighQualityExamples is null)
        {
            answers = answers with { HighQualityExamples = KeptExamples(datasetReport) };
        }

        return DecisionAdvisor.Advise(answers);
    }

    private static int KeptExamples(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.TryGetProperty("kept_examples", out var kept) && kept.TryGetInt32(out var count)
            ? count
            : throw new InvalidDataException($"{path}: not a dataset report (no 'kept_examples'); pass the report.json written by 'sharpen data prepare'.");
    }
}

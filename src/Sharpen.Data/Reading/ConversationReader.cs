using Sharpen.Core.Conversations;
using Sharpen.Data.Analysis;
using Sharpen.Data.Formats;
using Sharpen.Data.Validation;

namespace Sharpen.Data.Reading;

/// <summary>
/// Streams the valid examples of a dataset file as conversations, with the same detection and normalisation as
/// validation (invalid records are skipped; run <see cref="DatasetValidator"/> to see why). Used to read prepared splits
/// for training and evaluation, and for previews.
/// </summary>
public static class ConversationReader
{
    private const int DetectionSample = 64;

    /// <summary>Reads <paramref name="path"/>; fails with the file named when no known example format fits it.</summary>
    public static IEnumerable<Conversation> Read(string path, DatasetReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new DatasetReadOptions();
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Dataset file '{path}' does not exist.", path);
        }

        return ReadIterator(path, options);
    }

    private static IEnumerable<Conversation> ReadIterator(string path, DatasetReadOptions options)
    {
        var issues = new IssueCollector(options.MaxIssuesKept);
        var fileFormat = RecordSource.Detect(path, options.FileFormat);
        using var records = RecordSource.Read(path, fileFormat, options.MaxLineBytes, issues).GetEnumerator();
        var lookahead = new List<SourceRecord>();
        while (lookahead.Count < DetectionSample && records.MoveNext())
        {
            lookahead.Add(records.Current with { Value = records.Current.Value.Clone() });
        }

        var format = FormatDetector.Detect(lookahead.Select(r => r.Value), options.Format, options.Columns)
            ?? throw new InvalidDataException($"{path}: no known example format fits its records; run 'sharpen data validate' for details.");
        var normalizer = new ExampleNormalizer(path, format, options.LabelField, issues);
        foreach (var record in lookahead)
        {
            if (normalizer.Normalize(record) is { } conversation)
            {
                yield return conversation;
            }
        }

        while (records.MoveNext())
        {
            if (normalizer.Normalize(records.Current) is { } conversation)
            {
                yield return conversation;
            }
        }
    }
}

using System.Globalization;
using Sharpen.Core.Conversations;
using Sharpen.Data.Cleaning;
using Sharpen.Data.Formats;
using Sharpen.Data.Reading;
using Sharpen.Data.Validation;

namespace Sharpen.Data.Analysis;

/// <summary>
/// The one streaming pass shared by validate and prepare: read → normalise → conversation rules → (PII scrub) →
/// quality rules → context check → exact dedup → near dedup. Memory grows with the number of kept examples only by
/// their dedup keys (16 bytes), MinHash fingerprints and LSH buckets (a few hundred bytes), never by their text.
/// </summary>
internal sealed class DatasetAnalyzer(string path, ValidationOptions options)
{
    private const int DetectionSample = 64;

    public AnalysisResult Run(Action<KeptExample>? onKept = null)
    {
        options.Validate();
        var issues = new IssueCollector(options.Read.MaxIssuesKept);
        var fileFormat = RecordSource.Detect(path, options.Read.FileFormat);
        var result = new AnalysisResult { Path = path, FileFormat = fileFormat, Issues = issues };
        var cleaning = options.Cleaning;
        var hasher = new MinHasher(cleaning.MinHashPermutations, cleaning.ShingleSize);
        var near = new NearDuplicateIndex(cleaning.MinHashPermutations, cleaning.NearDuplicateThreshold);
        var exact = new Dictionary<UInt128, long>();
        var nearLines = new List<long>();
        var signature = new uint[cleaning.MinHashPermutations];
        var messageCounts = new List<int>();
        var tokenCounts = options.Tokenizer is null ? null : new List<int>();
        var overContext = 0;

        using var records = RecordSource.Read(path, fileFormat, options.Read.MaxLineBytes, issues).GetEnumerator();
        var lookahead = new List<Reading.SourceRecord>();
        while (lookahead.Count < DetectionSample && records.MoveNext())
        {
            lookahead.Add(records.Current with { Value = records.Current.Value.Clone() });
        }

        result.Format = FormatDetector.Detect(lookahead.Select(r => r.Value), options.Read.Format, options.Read.Columns);
        if (result.Format is null)
        {
            if (lookahead.Count > 0)
            {
                var keys = lookahead[0].Value.ValueKind == System.Text.Json.JsonValueKind.Object
                    ? string.Join(", ", lookahead[0].Value.EnumerateObject().Select(p => p.Name))
                    : lookahead[0].Value.ValueKind.ToString();
                issues.Error(IssueCodes.UnknownFormat, path, lookahead[0].Line,
                    $"No known example format fits these records (first has: {keys}). Expected messages, prompt/completion, instruction/output, conversations, text, or input/preferred_output; or give a column mapping.");
            }

            result.Records = lookahead.Count + Drain(records);
            Finish(result, messageCounts, tokenCounts, overContext);
            return result;
        }

        var normalizer = new ExampleNormalizer(path, result.Format, options.Read.LabelField, issues);
        foreach (var record in lookahead.Concat(Rest(records)))
        {
            result.Records++;
            var conversation = normalizer.Normalize(record);
            if (conversation is null)
            {
                continue;
            }

            result.Valid++;
            if (cleaning.ScrubPii)
            {
                conversation = Scrub(conversation, result);
            }

            var text = ExampleText.Of(conversation);
            var line = conversation.Source!.Line;
            int? tokens = null;
            if (options.Tokenizer is { } tokenizer)
            {
                tokens = conversation.AllMessages.Sum(m => m.Content.Length == 0 ? 0 : tokenizer.Encode(m.Content, addSpecialTokens: false).Count);
            }

            if (QualityFilter.Check(conversation, text, cleaning) is { } bad)
            {
                Drop(result, bad.Code, line, bad.Reason, text);
                continue;
            }

            if (tokens > options.ContextLength)
            {
                overContext++;
                issues.Error(IssueCodes.ExceedsContext, path, line, $"The example has {tokens} tokens; the context length is {options.ContextLength}.");
                if (cleaning.RemoveOverContext)
                {
                    Drop(result, IssueCodes.ExceedsContext, line, null, text);
                    continue;
                }
            }

            if (cleaning.RemoveExactDuplicates)
            {
                var key = ExampleText.Key(text.Full);
                if (exact.TryGetValue(key, out var firstLine))
                {
                    Drop(result, IssueCodes.ExactDuplicate, line, $"Exact duplicate of line {firstLine}.", text, firstLine);
                    continue;
                }

                exact.Add(key, line);
            }

            if (cleaning.RemoveNearDuplicates && hasher.TryCompute(text.Words, signature))
            {
                var match = near.FindSimilar(signature, out var similarity);
                if (match >= 0)
                {
                    var reason = string.Create(CultureInfo.InvariantCulture, $"Near duplicate (similarity {similarity:0.00}) of line {nearLines[match]}.");
                    Drop(result, IssueCodes.NearDuplicate, line, reason, text, nearLines[match], similarity);
                    continue;
                }

                near.Add(signature);
                nearLines.Add(line);
            }

            messageCounts.Add(conversation.AllMessages.Count());
            if (tokens is { } t)
            {
                tokenCounts!.Add(t);
            }

            if (conversation.Label is { } label)
            {
                result.LabelCounts[label] = result.LabelCounts.TryGetValue(label, out var n) ? n + 1 : 1;
            }

            onKept?.Invoke(new KeptExample(result.Kept, conversation, text));
            result.Kept++;
        }

        Finish(result, messageCounts, tokenCounts, overContext);
        return result;
    }

    private void Finish(AnalysisResult result, List<int> messageCounts, List<int>? tokenCounts, int overContext)
    {
        result.Statistics = DatasetStatistics.From(messageCounts, tokenCounts, overContext, options.ContextLength);
        var issues = result.Issues;
        var usable = result.Kept;
        if (result.Records > 0 || issues.CountsByCode.Count == 0)
        {
            if (usable < 10)
            {
                issues.Error(IssueCodes.TooFewExamples, path, null, $"Only {usable} usable examples; fine-tuning needs at least 10 (hosted services reject fewer).");
            }
            else if (usable < 100)
            {
                issues.Warning(IssueCodes.MemorizationRisk, path, null, $"Only {usable} usable examples: with fewer than 100 the model tends to memorise them instead of learning the task.");
            }
            else if (usable < 500)
            {
                issues.Warning(IssueCodes.BelowRecommendedSize, path, null, $"{usable} usable examples is below the usual minimum of 500 high-quality examples; expect a modest gain.");
            }
        }

        if (result.LabelCounts.Count >= 2)
        {
            var largest = result.LabelCounts.MaxBy(p => p.Value);
            var smallest = result.LabelCounts.MinBy(p => p.Value);
            if ((double)largest.Value / smallest.Value >= options.ImbalanceRatio)
            {
                issues.Warning(IssueCodes.ClassImbalance, path, null,
                    $"Classes are imbalanced: '{largest.Key}' has {largest.Value} examples, '{smallest.Key}' only {smallest.Value}. Collect more of the rare classes or down-sample the common ones.");
            }
        }

        var duplicates = result.RemovedByRule.GetValueOrDefault(IssueCodes.ExactDuplicate) + result.RemovedByRule.GetValueOrDefault(IssueCodes.NearDuplicate);
        if (result.Valid > 0 && (double)duplicates / result.Valid >= options.DuplicateShareWarning)
        {
            issues.Warning(IssueCodes.ManyDuplicates, path, null,
                string.Create(CultureInfo.InvariantCulture, $"{duplicates} of {result.Valid} valid examples ({(double)duplicates / result.Valid:P1}) are exact or near duplicates; they over-weight some examples and leak between splits."));
        }
    }

    private void Drop(AnalysisResult result, string code, long line, string? reason, ExampleText text, long? duplicateOf = null, double? similarity = null)
    {
        result.RemovedByRule[code] = result.RemovedByRule.GetValueOrDefault(code) + 1;
        if (code != IssueCodes.ExceedsContext)
        {
            result.Issues.Warning(code, path, line, reason ?? code);
        }

        if (result.Dropped.Count(d => d.Rule == code) < options.ExamplesShownPerRule)
        {
            result.Dropped.Add(new DroppedExample(code, line, Preview(text.Words), duplicateOf, similarity));
        }
    }

    private static Conversation Scrub(Conversation conversation, AnalysisResult result)
    {
        IReadOnlyList<Message>? ScrubAll(IReadOnlyList<Message>? messages)
        {
            if (messages is null)
            {
                return null;
            }

            var list = new List<Message>(messages.Count);
            foreach (var m in messages)
            {
                var content = PiiScrubber.Scrub(m.Content, out var replaced);
                result.PiiReplacements += replaced;
                list.Add(replaced == 0 ? m : m with { Content = content });
            }

            return list;
        }

        return conversation with
        {
            Messages = ScrubAll(conversation.Messages)!,
            PreferredOutput = ScrubAll(conversation.PreferredOutput),
            NonPreferredOutput = ScrubAll(conversation.NonPreferredOutput),
        };
    }

    private static string Preview(string text) => text.Length <= 120 ? text : text[..117] + "...";

    private static long Drain(IEnumerator<Reading.SourceRecord> records)
    {
        long n = 0;
        while (records.MoveNext())
        {
            n++;
        }

        return n;
    }

    private static IEnumerable<Reading.SourceRecord> Rest(IEnumerator<Reading.SourceRecord> records)
    {
        while (records.MoveNext())
        {
            yield return records.Current;
        }
    }
}

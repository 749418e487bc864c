using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
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
    private const int BatchSize = 256;

    public AnalysisResult Run(Action<KeptExample>? onKept = null) =>
        Run<object?>(null, onKept is null ? null : (kept, _) => onKept(kept));

    /// <summary>
    /// Runs the analysis; <paramref name="perExample"/> computes a value for each example that passed the quality
    /// rules on the reading thread (it must be pure: it also runs for examples later dropped as duplicates), and
    /// <paramref name="onKept"/> receives it with each kept example, in input order, on the deciding thread.
    /// </summary>
    public AnalysisResult Run<TExtra>(Func<Conversation, ExampleText, TExtra>? perExample, Action<KeptExample, TExtra>? onKept)
    {
        options.Validate();
        var fileFormat = RecordSource.Detect(path, options.Read.FileFormat);
        var readIssues = new IssueCollector(options.Read.MaxIssuesKept);
        var cleanIssues = new IssueCollector(options.Read.MaxIssuesKept);
        var result = new AnalysisResult { Path = path, FileFormat = fileFormat, Issues = readIssues };
        var counters = new StageCounters();

        // Three stages: the producer reads, parses, normalises and counts tokens (sequential: the normaliser reports
        // issues in order and tokenizers need not be thread-safe); each batch's pure per-example values (normalised
        // texts, quality verdicts, keys, MinHash) are then computed as a thread-pool task, several batches at once;
        // the consumer takes the batches in reading order and makes the order-dependent decisions (which duplicate
        // came first). Each stage that reports has its own issue list, merged by line at the end, so the result is
        // identical to a single-threaded run.
        using var queue = new BlockingCollection<Task<List<PreparedExample<TExtra>>>>(boundedCapacity: 4);
        var producer = Task.Run(() =>
        {
            try
            {
                Produce(fileFormat, result, readIssues, counters, queue, perExample);
            }
            finally
            {
                queue.CompleteAdding();
            }
        });

        var consumerFailed = true;
        try
        {
            Consume(queue, result, cleanIssues, onKept);
            consumerFailed = false;
        }
        finally
        {
            if (consumerFailed)
            {
                // Unblock the producer so it can finish before the exception leaves.
                while (!producer.IsCompleted && queue.TryTake(out _, 50))
                {
                }
            }
        }

        producer.GetAwaiter().GetResult();
        result.Records = counters.Records;
        result.Valid = counters.Valid;
        result.PiiReplacements = counters.PiiReplacements;
        var merged = IssueCollector.Merge(options.Read.MaxIssuesKept, readIssues, cleanIssues);
        var final = new AnalysisResult { Path = path, FileFormat = fileFormat, Issues = merged };
        final.CopyFrom(result);
        Finish(final);
        return final;
    }

    private void Produce<TExtra>(DatasetFileFormat fileFormat, AnalysisResult result, IssueCollector issues, StageCounters counters, BlockingCollection<Task<List<PreparedExample<TExtra>>>> queue, Func<Conversation, ExampleText, TExtra>? perExample)
    {
        var cleaning = options.Cleaning;
        var hasher = new MinHasher(cleaning.MinHashPermutations, cleaning.ShingleSize);
        var (bands, rows) = NearDuplicateIndex.ChooseBands(cleaning.MinHashPermutations, cleaning.NearDuplicateThreshold);
        using var records = RecordSource.Read(path, fileFormat, options.Read.MaxLineBytes, issues).GetEnumerator();
        var lookahead = new List<SourceRecord>();
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

            counters.Records = lookahead.Count + Drain(records);
            return;
        }

        var normalizer = new ExampleNormalizer(path, result.Format, options.Read.LabelField, issues);
        var batch = new List<(Conversation Conversation, int? Tokens)>(BatchSize);
        foreach (var record in lookahead.Concat(Rest(records)))
        {
            counters.Records++;
            var conversation = normalizer.Normalize(record);
            if (conversation is null)
            {
                continue;
            }

            counters.Valid++;
            if (cleaning.ScrubPii)
            {
                conversation = Scrub(conversation, counters);
            }

            int? tokens = null;
            if (options.TokenCounter is { } counter)
            {
                tokens = counter.CountTokens(conversation);
            }
            else if (options.Tokenizer is { } tokenizer)
            {
                tokens = conversation.AllMessages.Sum(m => m.Content.Length == 0 ? 0 : tokenizer.Encode(m.Content, addSpecialTokens: false).Count);
            }

            batch.Add((conversation, tokens));
            if (batch.Count == BatchSize)
            {
                var full = batch;
                queue.Add(Task.Run(() => Prepare(full, hasher, bands, rows, perExample)));
                batch = new List<(Conversation, int?)>(BatchSize);
            }
        }

        if (batch.Count > 0)
        {
            queue.Add(Task.Run(() => Prepare(batch, hasher, bands, rows, perExample)));
        }
    }

    /// <summary>The pure per-example work of one batch; thread-safe (MinHasher keeps no state between calls).</summary>
    private List<PreparedExample<TExtra>> Prepare<TExtra>(List<(Conversation Conversation, int? Tokens)> batch, MinHasher hasher, int bands, int rows, Func<Conversation, ExampleText, TExtra>? perExample)
    {
        var cleaning = options.Cleaning;
        var prepared = new List<PreparedExample<TExtra>>(batch.Count);
        var signature = new uint[cleaning.MinHashPermutations];
        foreach (var (conversation, tokens) in batch)
        {
            var text = ExampleText.Of(conversation);
            var bad = QualityFilter.Check(conversation, text, cleaning);
            var key = bad is null && cleaning.RemoveExactDuplicates ? text.FullKey : default;
            MinHashRows? minHash = null;
            if (bad is null && cleaning.RemoveNearDuplicates && hasher.TryCompute(text.Words, signature))
            {
                minHash = MinHashRows.From(signature, bands, rows);
            }

            var extra = bad is null && perExample is not null ? perExample(conversation, text) : default!;
            prepared.Add(new PreparedExample<TExtra>(conversation, text, tokens, bad, key, minHash, extra));
        }

        return prepared;
    }

    private void Consume<TExtra>(BlockingCollection<Task<List<PreparedExample<TExtra>>>> queue, AnalysisResult result, IssueCollector issues, Action<KeptExample, TExtra>? onKept)
    {
        var cleaning = options.Cleaning;
        var near = new NearDuplicateIndex(cleaning.MinHashPermutations, cleaning.NearDuplicateThreshold);
        var exact = new Dictionary<UInt128, long>();
        var nearLines = new List<long>();
        foreach (var task in queue.GetConsumingEnumerable())
        {
            foreach (var item in task.GetAwaiter().GetResult())
            {
                var (conversation, text, tokens, bad, key, minHash, extra) = item;
                var line = conversation.Source!.Line;
                if (bad is { } rule)
                {
                    Drop(result, issues, rule.Code, line, rule.Reason, text);
                    continue;
                }

                if (tokens > options.ContextLength)
                {
                    result.OverContext++;
                    issues.Error(IssueCodes.ExceedsContext, path, line, $"The example has {tokens} tokens; the context length is {options.ContextLength}.");
                    if (cleaning.RemoveOverContext)
                    {
                        Drop(result, issues, IssueCodes.ExceedsContext, line, null, text);
                        continue;
                    }
                }

                if (cleaning.RemoveExactDuplicates)
                {
                    ref var firstLine = ref CollectionsMarshal.GetValueRefOrAddDefault(exact, key, out var seen);
                    if (seen)
                    {
                        Drop(result, issues, IssueCodes.ExactDuplicate, line, $"Exact duplicate of line {firstLine}.", text, firstLine);
                        continue;
                    }

                    firstLine = line;
                }

                if (minHash is not null)
                {
                    var match = near.FindOrAdd(minHash.Fingerprint, minHash.BandKeys, out var similarity);
                    if (match >= 0)
                    {
                        var reason = string.Create(CultureInfo.InvariantCulture, $"Near duplicate (similarity {similarity:0.00}) of line {nearLines[match]}.");
                        Drop(result, issues, IssueCodes.NearDuplicate, line, reason, text, nearLines[match], similarity);
                        continue;
                    }

                    nearLines.Add(line);
                }

                result.MessageCounts.Add(conversation.AllMessages.Count());
                if (tokens is { } t)
                {
                    (result.TokenCounts ??= []).Add(t);
                }

                if (conversation.Label is { } label)
                {
                    result.LabelCounts[label] = result.LabelCounts.TryGetValue(label, out var n) ? n + 1 : 1;
                }

                onKept?.Invoke(new KeptExample(result.Kept, conversation, text), extra);
                result.Kept++;
            }
        }
    }

    private void Finish(AnalysisResult result)
    {
        result.Statistics = DatasetStatistics.From(result.MessageCounts, options.Tokenizer is null && options.TokenCounter is null ? null : result.TokenCounts ?? [], result.OverContext, options.ContextLength);
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

    private void Drop(AnalysisResult result, IssueCollector issues, string code, long line, string? reason, ExampleText text, long? duplicateOf = null, double? similarity = null)
    {
        result.RemovedByRule[code] = result.RemovedByRule.GetValueOrDefault(code) + 1;
        if (code != IssueCodes.ExceedsContext)
        {
            issues.Warning(code, path, line, reason ?? code);
        }

        if (result.Dropped.Count(d => d.Rule == code) < options.ExamplesShownPerRule)
        {
            result.Dropped.Add(new DroppedExample(code, line, Preview(text.Words), duplicateOf, similarity));
        }
    }

    private static Conversation Scrub(Conversation conversation, StageCounters result)
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

    private static long Drain(IEnumerator<SourceRecord> records)
    {
        long n = 0;
        while (records.MoveNext())
        {
            n++;
        }

        return n;
    }

    private static IEnumerable<SourceRecord> Rest(IEnumerator<SourceRecord> records)
    {
        while (records.MoveNext())
        {
            yield return records.Current;
        }
    }

    /// <summary>What the producer computed for one valid example.</summary>
    private sealed record PreparedExample<TExtra>(Conversation Conversation, ExampleText Text, int? Tokens, (string Code, string Reason)? Bad, UInt128 Key, MinHashRows? MinHash, TExtra Extra);

    /// <summary>Counters owned by the producer thread; read only after it finished.</summary>
    private sealed class StageCounters
    {
        public long Records { get; set; }

        public int Valid { get; set; }

        public int PiiReplacements { get; set; }
    }
}

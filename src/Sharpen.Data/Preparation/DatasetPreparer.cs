using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sharpen.Data.Analysis;
using Sharpen.Data.Reading;
using Sharpen.Data.Splitting;
using Sharpen.Data.Validation;
using Sharpen.Data.Writing;

namespace Sharpen.Data.Preparation;

/// <summary>
/// Entry point of <c>sharpen data prepare</c>: validate, clean (dedup, quality rules, optional PII scrubbing),
/// split (seeded, stratified, leakage-free) and write <c>train.jsonl</c>, <c>validation.jsonl</c>,
/// <c>test.jsonl</c> (OpenAI chat format), <c>manifest.json</c>, <c>report.md</c> and <c>report.json</c>.
/// </summary>
/// <remarks>
/// Two streaming passes: the analysis writes each kept example's output line to a spill file while remembering only
/// its label and leakage group; the split then routes the spilled lines into the split files. Every file is written
/// to a temp name and renamed. Nothing depends on the clock or the output folder, so the same input and options give
/// byte-identical files.
/// </remarks>
public static class DatasetPreparer
{
    private static readonly string[] s_splitNames = ["train", "validation", "test"];

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? s_lineBuffer;

    /// <summary>Runs the whole preparation.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    /// <exception cref="FileNotFoundException">The input file does not exist.</exception>
    public static PrepareResult Prepare(PrepareOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Split.Validate();
        options.Analysis.Validate();
        if (!File.Exists(options.InputPath))
        {
            throw new FileNotFoundException($"The dataset file '{options.InputPath}' does not exist.", options.InputPath);
        }

        Directory.CreateDirectory(options.OutputDirectory);

        // The manifest's input hash reads the whole file once more: do it alongside the analysis, not after it.
        var inputHash = Task.Run(() => HashFile(options.InputPath));
        var spillPath = Path.Combine(options.OutputDirectory, ".prepare-spill.jsonl.tmp");
        var labels = new List<string?>();
        var leakage = options.Split.PreventLeakage ? new LeakageGroups(options.Analysis.Cleaning) : null;
        AnalysisResult analysis;
        using (var spill = new FileStream(spillPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            // The output line and the leakage hashes are computed with the per-example work; the deciding
            // thread only writes bytes and links groups.
            analysis = new DatasetAnalyzer(options.InputPath, options.Analysis).Run(
                (conversation, text) =>
                {
                    // Runs on several threads at once: one buffer per thread.
                    var buffer = s_lineBuffer ??= new ArrayBufferWriter<byte>(4096);
                    buffer.Clear();
                    ChatJsonl.WriteLine(buffer, conversation);
                    return (Line: buffer.WrittenSpan.ToArray(), Leakage: leakage?.Describe(text));
                },
                (kept, extra) =>
                {
                    spill.Write(extra.Line);
                    labels.Add(kept.Conversation.Label);
                    if (leakage is not null)
                    {
                        leakage.Add(kept.Ordinal, extra.Leakage!);
                    }
                });
        }

        var stratified = options.Split.Stratify && labels.Any(l => l is not null);
        var assignment = DatasetSplitter.Assign(labels, options.Split with { Stratify = stratified });
        var moved = leakage is null ? 0 : DatasetSplitter.ResolveLeakage(assignment, leakage.GroupOfEach());
        if (moved > 0)
        {
            analysis.Issues.Add(new DataIssue(IssueCodes.SplitLeakage, IssueSeverity.Info, options.InputPath, null, null,
                $"{moved} examples shared a prompt (or a near-duplicate prompt) with an example in another split and were moved to that example's split."));
        }

        var splits = RouteSpill(spillPath, assignment, options);
        File.Delete(spillPath);
        var report = new DatasetReport(analysis) { Splits = new SplitSummary(splits.Infos, options.Split.Seed, stratified, moved) };
        AtomicFile.WriteAllText(Path.Combine(options.OutputDirectory, "report.md"), report.ToMarkdown());
        AtomicFile.WriteAllText(Path.Combine(options.OutputDirectory, "report.json"), report.ToJson());
        var manifestPath = Path.Combine(options.OutputDirectory, "manifest.json");
        AtomicFile.WriteAllText(manifestPath, Manifest(options, analysis, report, inputHash.GetAwaiter().GetResult()));
        return new PrepareResult(report, splits.Paths, manifestPath);
    }

    private static (List<SplitInfo> Infos, Dictionary<string, string> Paths) RouteSpill(string spillPath, SplitName[] assignment, PrepareOptions options)
    {
        var count = options.Split.Test > 0 ? 3 : 2;
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        var streams = new FileStream[count];
        var hashes = new IncrementalHash[count];
        var counts = new int[count];
        for (var i = 0; i < count; i++)
        {
            var path = Path.Combine(options.OutputDirectory, s_splitNames[i] + ".jsonl");
            paths[s_splitNames[i]] = path;
            streams[i] = AtomicFile.CreateTemp(path);
            hashes[i] = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        }

        using (var spill = File.OpenRead(spillPath))
        {
            var reader = new ByteLineReader(spill, int.MaxValue - 1);
            var ordinal = 0;
            while (reader.TryReadLine(out var line, out _))
            {
                var split = (int)assignment[ordinal++];
                streams[split].Write(line.Span);
                streams[split].WriteByte((byte)'\n');
                hashes[split].AppendData(line.Span);
                hashes[split].AppendData("\n"u8);
                counts[split]++;
            }
        }

        var infos = new List<SplitInfo>(count);
        for (var i = 0; i < count; i++)
        {
            AtomicFile.Commit(streams[i], paths[s_splitNames[i]]);
            infos.Add(new SplitInfo(s_splitNames[i], counts[i], Convert.ToHexStringLower(hashes[i].GetHashAndReset())));
            hashes[i].Dispose();
        }

        return (infos, paths);
    }

    private static (long Bytes, string Sha256) HashFile(string path)
    {
        using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return (input.Length, Convert.ToHexStringLower(SHA256.HashData(input)));
    }

    private static string Manifest(PrepareOptions options, AnalysisResult analysis, DatasetReport report, (long Bytes, string Sha256) input)
    {
        var (inputBytes, inputHash) = input;

        var a = options.Analysis;
        var c = a.Cleaning;
        var s = options.Split;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartObject("input");
            w.WriteString("file", Path.GetFileName(options.InputPath));
            w.WriteNumber("bytes", inputBytes);
            w.WriteString("sha256", inputHash);
            w.WriteString("file_format", analysis.FileFormat.ToString());
            w.WriteString("example_format", analysis.Format?.ToString());
            w.WriteEndObject();
            w.WriteStartObject("options");
            w.WriteString("requested_file_format", a.Read.FileFormat.ToString());
            w.WriteString("requested_example_format", a.Read.Format.ToString());
            if (a.Read.Columns is { } m)
            {
                w.WriteStartObject("columns");
                w.WriteString("prompt", m.Prompt);
                w.WriteString("prompt_template", m.PromptTemplate);
                w.WriteString("completion", m.Completion);
                w.WriteString("system", m.System);
                w.WriteString("system_prompt", m.SystemPrompt);
                w.WriteString("label", m.Label);
                w.WriteEndObject();
            }

            w.WriteString("label_field", a.Read.LabelField);
            w.WriteNumber("max_line_bytes", a.Read.MaxLineBytes);
            w.WriteBoolean("remove_exact_duplicates", c.RemoveExactDuplicates);
            w.WriteBoolean("remove_near_duplicates", c.RemoveNearDuplicates);
            w.WriteNumber("near_duplicate_threshold", c.NearDuplicateThreshold);
            w.WriteNumber("shingle_size", c.ShingleSize);
            w.WriteNumber("minhash_permutations", c.MinHashPermutations);
            w.WriteNumber("min_answer_characters", c.MinAnswerCharacters);
            w.WriteBoolean("remove_answer_equals_prompt", c.RemoveAnswerEqualsPrompt);
            w.WriteNumber("min_text_fraction", c.MinTextFraction);
            w.WriteNumber("max_repeated_characters", c.MaxRepeatedCharacters);
            w.WriteBoolean("remove_over_context", c.RemoveOverContext);
            w.WriteBoolean("scrub_pii", c.ScrubPii);
            w.WriteBoolean("tokenizer", a.Tokenizer is not null || a.TokenCounter is not null);
            if (a.TokenCounter is { } counter)
            {
                w.WriteString("prompt_format", counter.Name);
            }
            if (a.ContextLength is { } context)
            {
                w.WriteNumber("context_length", context);
            }

            w.WriteNumber("split_train", s.Train);
            w.WriteNumber("split_validation", s.Validation);
            w.WriteNumber("split_test", s.Test);
            w.WriteNumber("seed", s.Seed);
            w.WriteBoolean("stratify", s.Stratify);
            w.WriteBoolean("prevent_leakage", s.PreventLeakage);
            w.WriteBoolean("nfkc_applied", Cleaning.TextNormalizer.NfkcAvailable);
            w.WriteEndObject();
            w.WriteStartObject("counts");
            w.WriteNumber("records", analysis.Records);
            w.WriteNumber("valid", analysis.Valid);
            w.WriteNumber("kept", analysis.Kept);
            foreach (var (rule, n) in analysis.RemovedByRule)
            {
                w.WriteNumber("removed_" + rule, n);
            }

            w.WriteEndObject();
            w.WriteStartObject("splits");
            foreach (var split in report.Splits!.Splits)
            {
                w.WriteStartObject(split.Name);
                w.WriteString("file", split.Name + ".jsonl");
                w.WriteNumber("examples", split.Count);
                w.WriteString("sha256", split.Sha256);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteString("severity", report.Severity.ToString().ToLower(CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}

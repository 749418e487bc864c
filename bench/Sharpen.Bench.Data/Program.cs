using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sharpen.Core.Conversations;
using Sharpen.Data.Analysis;
using Sharpen.Data.Cleaning;
using Sharpen.Data.Formats;
using Sharpen.Data.Preparation;
using Sharpen.Data.Reading;
using Sharpen.Data.Validation;
using Sharpen.Data.Writing;
using Sharpen.Tokenization;

// Generates a chat JSONL file (default 1,000,000 examples, ~2% exact and ~2% near duplicates) in a temp folder,
// then times validate (read + validate + dedup) and prepare (the same + leakage groups + split + write), a
// single-threaded breakdown by stage, and tokenisation (Llama 3.1 tokenizer from the shared folder) separately.
// Wall time depends on what else runs on the machine: the load average and the process CPU time are printed too.
// Usage: dotnet run -c Release --project bench/Sharpen.Bench.Data [examples] [--no-stages] [--no-tokenizer]
var examples = args.Length > 0 && !args[0].StartsWith('-') ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var folder = Path.Combine(Path.GetTempPath(), "sharpen-bench-data-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
Directory.CreateDirectory(folder);
try
{
    var input = Path.Combine(folder, "chat.jsonl");
    var watch = Stopwatch.StartNew();
    Generate(input, examples, seed: 1234);
    Console.WriteLine($"generated {examples:N0} examples ({new FileInfo(input).Length / 1e6:N0} MB) in {watch.Elapsed.TotalSeconds:N1} s; load average {LoadAverage()}");

    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var gcPause = GC.GetTotalPauseDuration();
    watch.Restart();
    var report = DatasetValidator.Validate(input);
    var validateSeconds = watch.Elapsed.TotalSeconds;
    var validateCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    Console.WriteLine($"validate + dedup:          {examples / validateSeconds,10:N0} examples/s ({validateSeconds:N1} s, CPU {validateCpu:N1} s, GC pauses {(GC.GetTotalPauseDuration() - gcPause).TotalSeconds:N1} s; kept {report.KeptExamples:N0}, exact {report.FlaggedByRule.GetValueOrDefault("exact_duplicate"):N0}, near {report.FlaggedByRule.GetValueOrDefault("near_duplicate"):N0}); load average {LoadAverage()}");

    Console.WriteLine($"peak working set so far: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB");

    // Validate's index is garbage now; collect it so prepare's peak is its own, not the sum of both.
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    cpu = Process.GetCurrentProcess().TotalProcessorTime;
    gcPause = GC.GetTotalPauseDuration();
    watch.Restart();
    var result = DatasetPreparer.Prepare(new PrepareOptions { InputPath = input, OutputDirectory = Path.Combine(folder, "out") });
    var prepareSeconds = watch.Elapsed.TotalSeconds;
    var prepareCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    Console.WriteLine($"prepare (validate + dedup + split + write): {examples / prepareSeconds,10:N0} examples/s ({prepareSeconds:N1} s, CPU {prepareCpu:N1} s, GC pauses {(GC.GetTotalPauseDuration() - gcPause).TotalSeconds:N1} s; splits {string.Join(" / ", result.Report.Splits!.Splits.Select(s => s.Count.ToString("N0", CultureInfo.InvariantCulture)))}, leakage moved {result.Report.Splits.LeakageMoved:N0}); load average {LoadAverage()}");
    Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB");

    if (!args.Contains("--no-stages"))
    {
        Stages(input, Math.Min(examples, 200_000));
    }

    if (!args.Contains("--no-tokenizer"))
    {
        Tokenize(input, Math.Min(examples, 100_000));
    }
}
finally
{
    Directory.Delete(folder, recursive: true);
}

// One thread, stage by stage, on the first `count` examples: where a validate's time goes (prepare adds the
// output line and the leakage hashes of the prompt, similar in cost to the line and the MinHash rows).
static void Stages(string input, int count)
{
    var names = new[] { "read + parse JSON", "normalise to Conversation", "normalised texts", "quality rules", "exact key (SHA-256)", "MinHash + band keys", "exact + LSH index", "output JSONL line" };
    var ticks = new long[names.Length];
    var cleaning = new CleaningOptions();
    var issues = new IssueCollector(1000);
    var hasher = new MinHasher(cleaning.MinHashPermutations, cleaning.ShingleSize);
    var (bands, rows) = NearDuplicateIndex.ChooseBands(cleaning.MinHashPermutations, cleaning.NearDuplicateThreshold);
    var near = new NearDuplicateIndex(cleaning.MinHashPermutations, cleaning.NearDuplicateThreshold);
    var exact = new HashSet<UInt128>();
    var signature = new uint[cleaning.MinHashPermutations];
    var buffer = new ArrayBufferWriter<byte>(4096);
    ExampleNormalizer? normalizer = null;
    var n = 0;
    var t = Stopwatch.GetTimestamp();
    foreach (var record in RecordSource.Read(input, DatasetFileFormat.JsonLines, 8 << 20, issues))
    {
        ticks[0] += Lap(ref t);
        normalizer ??= new ExampleNormalizer(input, FormatDetector.Detect([record.Value], ExampleFormat.Auto, null)!, null, issues);
        var conversation = normalizer.Normalize(record)!;
        ticks[1] += Lap(ref t);
        var text = ExampleText.Of(conversation);
        ticks[2] += Lap(ref t);
        QualityFilter.Check(conversation, text, cleaning);
        ticks[3] += Lap(ref t);
        var key = text.FullKey;
        ticks[4] += Lap(ref t);
        hasher.TryCompute(text.Words, signature);
        var minHash = MinHashRows.From(signature, bands, rows);
        ticks[5] += Lap(ref t);
        if (exact.Add(key))
        {
            near.FindOrAdd(minHash.Fingerprint, minHash.BandKeys, out _);
        }

        ticks[6] += Lap(ref t);
        buffer.Clear();
        ChatJsonl.WriteLine(buffer, conversation);
        ticks[7] += Lap(ref t);
        if (++n == count)
        {
            break;
        }
    }

    var total = ticks.Sum();
    Console.WriteLine($"stages, one thread, {n:N0} examples ({n / Seconds(total):N0} examples/s over all stages):");
    for (var i = 0; i < names.Length; i++)
    {
        Console.WriteLine($"  {names[i],-28}{Seconds(ticks[i]) * 1e6 / n,8:N2} µs/example ({ticks[i] * 100.0 / total,4:N1}%)");
    }

    static long Lap(ref long t)
    {
        var now = Stopwatch.GetTimestamp();
        var elapsed = now - t;
        t = now;
        return elapsed;
    }

    static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;
}

// Tokenisation is excluded from the pipeline figure (the issue asks for it separately): encode every message of the
// first `count` examples with the real Llama 3.1 tokenizer.json, single-threaded.
static void Tokenize(string input, int count)
{
    var directory = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "..", "shared", "tokenizers", "llama3_1");
    directory = Environment.GetEnvironmentVariable("SHARPEN_BENCH_TOKENIZER") ?? Path.GetFullPath(directory);
    if (!Directory.Exists(directory))
    {
        Console.WriteLine($"tokenisation: skipped, no tokenizer at {directory} (set SHARPEN_BENCH_TOKENIZER)");
        return;
    }

    var tokenizer = TokenizerLoader.Load(directory);
    var issues = new IssueCollector(1000);
    var texts = new List<string>();
    ExampleNormalizer? normalizer = null;
    foreach (var record in RecordSource.Read(input, DatasetFileFormat.JsonLines, 8 << 20, issues).Take(count))
    {
        normalizer ??= new ExampleNormalizer(input, FormatDetector.Detect([record.Value], ExampleFormat.Auto, null)!, null, issues);
        texts.AddRange(normalizer.Normalize(record)!.AllMessages.Select(m => m.Content));
    }

    var watch = Stopwatch.StartNew();
    long tokens = 0;
    foreach (var text in texts)
    {
        tokens += tokenizer.Encode(text, addSpecialTokens: false).Count;
    }

    var seconds = watch.Elapsed.TotalSeconds;
    Console.WriteLine($"tokenisation (Llama 3.1, one thread, {count:N0} examples): {count / seconds,10:N0} examples/s, {tokens / seconds / 1e6:N2} M tokens/s ({tokens / (double)count:N1} tokens/example); load average {LoadAverage()}");
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static void Generate(string path, int count, int seed)
{
    var random = new Random(seed);
    var words = Enumerable.Range(0, 5000).Select(i => Word(i)).ToArray();
    using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
    var previous = new List<string>();
    for (var i = 0; i < count; i++)
    {
        string line;
        var roll = random.NextDouble();
        if (previous.Count > 0 && roll < 0.02)
        {
            line = previous[random.Next(previous.Count)];
        }
        else
        {
            var question = Sentence(random, words, 10 + random.Next(10));
            var answer = Sentence(random, words, 20 + random.Next(30));
            if (previous.Count > 0 && roll < 0.04)
            {
                // A near duplicate: an earlier example with its last word changed.
                line = previous[random.Next(previous.Count)];
                var cut = line.LastIndexOf(' ');
                line = line[..cut] + " " + words[random.Next(words.Length)] + "\"}]}";
            }
            else
            {
                line = $$"""{"messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"{{question}}?"},{"role":"assistant","content":"{{answer}}"}]}""";
            }
        }

        writer.Write(line);
        writer.Write('\n');
        if (previous.Count < 10_000)
        {
            previous.Add(line);
        }
        else if (random.Next(100) == 0)
        {
            previous[random.Next(previous.Count)] = line;
        }
    }
}

static string Sentence(Random random, string[] words, int length)
{
    var builder = new StringBuilder();
    for (var i = 0; i < length; i++)
    {
        if (i > 0)
        {
            builder.Append(' ');
        }

        builder.Append(words[random.Next(words.Length)]);
    }

    return builder.ToString();
}

static string Word(int i)
{
    const string letters = "abcdefghijklmnopqrstuvwxyz";
    var length = 3 + (i % 6);
    var chars = new char[length];
    var x = (uint)(i * 2654435761u);
    for (var k = 0; k < length; k++)
    {
        chars[k] = letters[(int)(x % 26)];
        x = (x / 26) ^ (uint)(k * 40503 + i);
    }

    return new string(chars);
}

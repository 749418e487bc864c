using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sharpen.Data.Preparation;
using Sharpen.Data.Validation;

// Generates a chat JSONL file (default 1,000,000 examples, ~2% exact and ~2% near duplicates) in a temp folder,
// then times validate (read + validate + dedup) and prepare (the same + leakage groups + split + write).
// Usage: dotnet run -c Release --project bench/Sharpen.Bench.Data [examples]
var examples = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var folder = Path.Combine(Path.GetTempPath(), "sharpen-bench-data-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
Directory.CreateDirectory(folder);
try
{
    var input = Path.Combine(folder, "chat.jsonl");
    var watch = Stopwatch.StartNew();
    Generate(input, examples, seed: 1234);
    Console.WriteLine($"generated {examples:N0} examples ({new FileInfo(input).Length / 1e6:N0} MB) in {watch.Elapsed.TotalSeconds:N1} s");

    watch.Restart();
    var report = DatasetValidator.Validate(input);
    var validateSeconds = watch.Elapsed.TotalSeconds;
    Console.WriteLine($"validate + dedup:          {examples / validateSeconds,10:N0} examples/s ({validateSeconds:N1} s; kept {report.KeptExamples:N0}, exact {report.FlaggedByRule.GetValueOrDefault("exact_duplicate"):N0}, near {report.FlaggedByRule.GetValueOrDefault("near_duplicate"):N0})");

    watch.Restart();
    var result = DatasetPreparer.Prepare(new PrepareOptions { InputPath = input, OutputDirectory = Path.Combine(folder, "out") });
    var prepareSeconds = watch.Elapsed.TotalSeconds;
    Console.WriteLine($"prepare (validate + dedup + split + write): {examples / prepareSeconds,10:N0} examples/s ({prepareSeconds:N1} s; splits {string.Join(" / ", result.Report.Splits!.Splits.Select(s => s.Count.ToString("N0", CultureInfo.InvariantCulture)))}, leakage moved {result.Report.Splits.LeakageMoved:N0})");
    Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB");
}
finally
{
    Directory.Delete(folder, recursive: true);
}

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

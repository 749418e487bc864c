using System.Diagnostics;
using System.Globalization;
using Sharpen.Tokenization;

// Encoding throughput of a model folder's tokenizer on synthetic rows (data preparation tokenises millions).
// Usage: dotnet run -c Release --project bench/Sharpen.Bench.Tokenization -- <model-folder> [rows]
// Target (not asserted anywhere): a warm Llama-3 tokenizer should encode well over 1 MB of text per second per core.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Sharpen.Bench.Tokenization <model-folder> [rows]");
    return 2;
}

var rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
var load = Stopwatch.StartNew();
var tokenizer = TokenizerLoader.Load(args[0]);
Console.WriteLine($"load: {load.Elapsed.TotalMilliseconds:F0} ms, vocab {tokenizer.VocabSize}");

// Deterministic rows: a fixed seed, words drawn from a small English-like pool plus numbers and punctuation.
string[] words =
[
    "the", "model", "learns", "from", "data", "and", "a", "tokenizer", "splits", "text", "into", "pieces", "Once",
    "upon", "time", "there", "was", "little", "girl", "named", "Lily", "café", "naïve", "résumé", "2024", "3.14",
    "user's", "don't", "(example)", "—", "🦙", "東京", "Привет", "function()", "{ x: 1 }", "\n", "\t",
];
var random = new Random(42);
var texts = new string[rows];
long characters = 0;
for (var i = 0; i < rows; i++)
{
    var count = random.Next(20, 120);
    texts[i] = string.Join(' ', Enumerable.Range(0, count).Select(_ => words[random.Next(words.Length)]));
    characters += texts[i].Length;
}

for (var pass = 1; pass <= 2; pass++)
{
    long tokens = 0;
    var watch = Stopwatch.StartNew();
    foreach (var text in texts)
    {
        tokens += tokenizer.Encode(text).Count;
    }

    watch.Stop();
    var seconds = watch.Elapsed.TotalSeconds;
    Console.WriteLine(
        $"pass {pass} ({(pass == 1 ? "cold cache" : "warm cache")}): {rows / seconds:F0} rows/s, {tokens / seconds:F0} tokens/s, " +
        $"{characters / seconds / 1e6:F2} M chars/s");
}

return 0;

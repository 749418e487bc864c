using System.Globalization;
using Sharpen.TestKit;

namespace Sharpen.Tokenization.Tests.Conformance;

/// <summary>
/// Reads llama.cpp's tokenizer test vectors (<c>models/ggml-vocab-*.gguf.inp/.out</c>, MIT, copied into
/// <c>shared/tokenizers/llama.cpp-test-vectors</c>). The expected ids were produced by the reference Hugging Face /
/// SentencePiece tokenizers (llama.cpp's <c>convert_hf_to_gguf_update.py</c>), encoding without special tokens.
/// Splitting follows llama.cpp <c>tests/test-tokenizer-0.cpp</c>: inputs are separated by
/// <c>"\n__ggml_vocab_test__\n"</c>; the file ends with that separator, which closes the last input (no empty
/// trailing case); each <c>.out</c> line holds the space-separated ids of one input (an empty line = no ids).
/// </summary>
internal static class LlamaCppVectors
{
    private const string Separator = "\n__ggml_vocab_test__\n";

    public static IReadOnlyList<(string Input, int[] Ids)> Read(string vocabName)
    {
        var inputPath = SharedData.Path("tokenizers", "llama.cpp-test-vectors", $"ggml-vocab-{vocabName}.gguf.inp");
        var outputPath = SharedData.Path("tokenizers", "llama.cpp-test-vectors", $"ggml-vocab-{vocabName}.gguf.out");
        var raw = File.ReadAllText(inputPath, System.Text.Encoding.UTF8);

        var inputs = new List<string>();
        var position = 0;
        while (position < raw.Length)
        {
            var next = raw.IndexOf(Separator, position, StringComparison.Ordinal);
            if (next < 0)
            {
                inputs.Add(raw[position..]);
                break;
            }

            inputs.Add(raw[position..next]);
            position = next + Separator.Length;
        }

        var lines = File.ReadAllLines(outputPath);
        if (lines.Length != inputs.Count)
        {
            throw new InvalidDataException($"{inputPath} has {inputs.Count} inputs but {outputPath} has {lines.Length} lines.");
        }

        return [.. inputs.Select((input, i) => (input, ParseIds(lines[i])))];
    }

    /// <summary>Theory rows for several vocabularies: the vocabulary, the case index and a printable form of the input.</summary>
    public static TheoryData<string, int, string> Cases(params string[] vocabNames)
    {
        var data = new TheoryData<string, int, string>();
        foreach (var vocab in vocabNames)
        {
            var cases = Read(vocab);
            for (var i = 0; i < cases.Count; i++)
            {
                var shown = cases[i].Input.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
                data.Add(vocab, i, shown.Length > 40 ? shown[..40] + "…" : shown);
            }
        }

        return data;
    }

    private static int[] ParseIds(string line) =>
        [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
}

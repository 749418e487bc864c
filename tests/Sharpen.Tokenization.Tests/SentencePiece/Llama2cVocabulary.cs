namespace Sharpen.Tokenization.Tests.SentencePiece;

/// <summary>
/// Reads a llama2.c <c>tokenizer.bin</c> (karpathy/llama2.c <c>tokenizer.py</c> export: int32 max length, then per
/// token a float32 score, an int32 byte length and the UTF-8 bytes). It was exported from the same SentencePiece
/// model by a different program, so it is an independent reference for the pieces and scores; the exporter writes
/// ▁ as a space and BOS/EOS as <c>"\n&lt;s&gt;\n"</c>/<c>"\n&lt;/s&gt;\n"</c>.
/// </summary>
internal static class Llama2cVocabulary
{
    public static IReadOnlyList<(string Piece, float Score)> Read(string path, int count)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        reader.ReadInt32();
        var entries = new List<(string, float)>(count);
        for (var i = 0; i < count; i++)
        {
            var score = reader.ReadSingle();
            var length = reader.ReadInt32();
            entries.Add((System.Text.Encoding.UTF8.GetString(reader.ReadBytes(length)), score));
        }

        return entries;
    }
}

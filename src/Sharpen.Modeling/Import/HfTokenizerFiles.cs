using System.Text;
using System.Text.Json;

namespace Sharpen.Modeling.Import;

/// <summary>
/// Writes a SentencePiece BPE vocabulary as Hugging Face <c>tokenizer.json</c> + <c>tokenizer_config.json</c>, with
/// the structure transformers' <c>LlamaConverter</c> produces (BPE model with byte fallback and fused unknowns,
/// <c>▁</c>-replacing normalizer, BOS template post-processor, ByteFallback/Fuse/Strip decoder); the reference is
/// shared/models/stories260K-hf/tokenizer.json. When <see cref="SentencePieceVocabulary.RemoveExtraWhitespaces"/> is
/// set, the normalizer first trims and collapses spaces as SentencePiece's <c>remove_extra_whitespaces</c> does.
/// </summary>
internal static class HfTokenizerFiles
{
    public const string TokenizerJson = "tokenizer.json";
    public const string TokenizerConfigJson = "tokenizer_config.json";

    public static string BuildTokenizerJson(SentencePieceVocabulary vocabulary, List<string> notes)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("version", "1.0");
            json.WriteNull("truncation");
            json.WriteNull("padding");
            WriteAddedTokens(json, vocabulary);
            WriteNormalizer(json, vocabulary);
            json.WriteNull("pre_tokenizer");
            WritePostProcessor(json, vocabulary);
            WriteDecoder(json, vocabulary);
            WriteModel(json, vocabulary, notes);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string BuildTokenizerConfigJson(SentencePieceVocabulary vocabulary, int modelMaxLength)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteBoolean("add_bos_token", vocabulary.AddBos);
            json.WriteBoolean("add_eos_token", vocabulary.AddEos);
            WritePieceOrNull(json, "bos_token", vocabulary, vocabulary.BosId);
            WritePieceOrNull(json, "eos_token", vocabulary, vocabulary.EosId);
            WritePieceOrNull(json, "unk_token", vocabulary, vocabulary.UnkId);
            WritePieceOrNull(json, "pad_token", vocabulary, vocabulary.PadId);
            json.WriteBoolean("clean_up_tokenization_spaces", false);
            json.WriteBoolean("legacy", true);
            json.WriteNumber("model_max_length", modelMaxLength);
            json.WriteStartObject("sp_model_kwargs");
            json.WriteEndObject();
            json.WriteString("tokenizer_class", "LlamaTokenizer");
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WritePieceOrNull(Utf8JsonWriter json, string name, SentencePieceVocabulary vocabulary, int? id)
    {
        var piece = vocabulary.PieceOrNull(id);
        if (piece.Length == 0)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, piece);
        }
    }

    private static void WriteAddedTokens(Utf8JsonWriter json, SentencePieceVocabulary vocabulary)
    {
        json.WriteStartArray("added_tokens");
        for (var id = 0; id < vocabulary.Pieces.Count; id++)
        {
            var type = vocabulary.Types[id];
            if (type is not (SentencePieceTokenType.Unknown or SentencePieceTokenType.Control or SentencePieceTokenType.UserDefined))
            {
                continue;
            }

            json.WriteStartObject();
            json.WriteNumber("id", id);
            json.WriteString("content", vocabulary.Pieces[id]);
            json.WriteBoolean("single_word", false);
            json.WriteBoolean("lstrip", false);
            json.WriteBoolean("rstrip", false);
            json.WriteBoolean("normalized", false);
            json.WriteBoolean("special", type != SentencePieceTokenType.UserDefined);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteNormalizer(Utf8JsonWriter json, SentencePieceVocabulary vocabulary)
    {
        json.WriteStartObject("normalizer");
        json.WriteString("type", "Sequence");
        json.WriteStartArray("normalizers");
        if (vocabulary.RemoveExtraWhitespaces)
        {
            WriteReplace(json, "Regex", "^ +| +$", string.Empty);
            WriteReplace(json, "Regex", " {2,}", " ");
        }

        if (vocabulary.AddDummyPrefix)
        {
            json.WriteStartObject();
            json.WriteString("type", "Prepend");
            json.WriteString("prepend", "▁");
            json.WriteEndObject();
        }

        WriteReplace(json, "String", " ", "▁");
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteReplace(Utf8JsonWriter json, string patternKind, string pattern, string content)
    {
        json.WriteStartObject();
        json.WriteString("type", "Replace");
        json.WriteStartObject("pattern");
        json.WriteString(patternKind, pattern);
        json.WriteEndObject();
        json.WriteString("content", content);
        json.WriteEndObject();
    }

    private static void WritePostProcessor(Utf8JsonWriter json, SentencePieceVocabulary vocabulary)
    {
        var bos = vocabulary.AddBos && vocabulary.BosId is not null ? vocabulary.PieceOrNull(vocabulary.BosId) : null;
        var eos = vocabulary.AddEos && vocabulary.EosId is not null ? vocabulary.PieceOrNull(vocabulary.EosId) : null;
        if (bos is null && eos is null)
        {
            json.WriteNull("post_processor");
            return;
        }

        json.WriteStartObject("post_processor");
        json.WriteString("type", "TemplateProcessing");
        json.WriteStartArray("single");
        WriteTemplate(json, bos, eos, "A", 0);
        json.WriteEndArray();
        json.WriteStartArray("pair");
        WriteTemplate(json, bos, eos, "A", 0);
        WriteTemplate(json, bos, eos, "B", 1);
        json.WriteEndArray();
        json.WriteStartObject("special_tokens");
        foreach (var (piece, id) in new[] { (bos, vocabulary.BosId), (eos, vocabulary.EosId) })
        {
            if (piece is null)
            {
                continue;
            }

            json.WriteStartObject(piece);
            json.WriteString("id", piece);
            json.WriteStartArray("ids");
            json.WriteNumberValue(id!.Value);
            json.WriteEndArray();
            json.WriteStartArray("tokens");
            json.WriteStringValue(piece);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteTemplate(Utf8JsonWriter json, string? bos, string? eos, string sequence, int typeId)
    {
        void Special(string piece)
        {
            json.WriteStartObject();
            json.WriteStartObject("SpecialToken");
            json.WriteString("id", piece);
            json.WriteNumber("type_id", typeId);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        if (bos is not null)
        {
            Special(bos);
        }

        json.WriteStartObject();
        json.WriteStartObject("Sequence");
        json.WriteString("id", sequence);
        json.WriteNumber("type_id", typeId);
        json.WriteEndObject();
        json.WriteEndObject();
        if (eos is not null)
        {
            Special(eos);
        }
    }

    private static void WriteDecoder(Utf8JsonWriter json, SentencePieceVocabulary vocabulary)
    {
        json.WriteStartObject("decoder");
        json.WriteString("type", "Sequence");
        json.WriteStartArray("decoders");
        WriteReplace(json, "String", "▁", " ");
        json.WriteStartObject();
        json.WriteString("type", "ByteFallback");
        json.WriteEndObject();
        json.WriteStartObject();
        json.WriteString("type", "Fuse");
        json.WriteEndObject();
        if (vocabulary.AddDummyPrefix)
        {
            json.WriteStartObject();
            json.WriteString("type", "Strip");
            json.WriteString("content", " ");
            json.WriteNumber("start", 1);
            json.WriteNumber("stop", 0);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter json, SentencePieceVocabulary vocabulary, List<string> notes)
    {
        json.WriteStartObject("model");
        json.WriteString("type", "BPE");
        json.WriteNull("dropout");
        json.WriteString("unk_token", vocabulary.PieceOrNull(vocabulary.UnkId));
        json.WriteNull("continuing_subword_prefix");
        json.WriteNull("end_of_word_suffix");
        json.WriteBoolean("fuse_unk", true);
        json.WriteBoolean("byte_fallback", true);
        json.WriteBoolean("ignore_merges", false);
        json.WriteStartObject("vocab");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var id = 0; id < vocabulary.Pieces.Count; id++)
        {
            if (seen.Add(vocabulary.Pieces[id]))
            {
                json.WriteNumber(vocabulary.Pieces[id], id);
            }
            else
            {
                notes.Add($"Token {id} '{vocabulary.Pieces[id]}' repeats an earlier piece; tokenizer.json keeps the first id.");
            }
        }

        json.WriteEndObject();
        json.WriteStartArray("merges");
        foreach (var (left, right) in SentencePieceMerges.Derive(vocabulary.Pieces, vocabulary.Scores))
        {
            json.WriteStringValue(left + " " + right);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}

using System.Globalization;
using System.Text.Json;

namespace Sharpen.Modeling.Import;

/// <summary>
/// The architecture numbers an importer recovers from a GGUF or llama2.c file, written as a Hugging Face
/// <c>config.json</c> for <c>LlamaForCausalLM</c> (field names per transformers' <c>LlamaConfig</c>).
/// </summary>
internal sealed record LlamaImportConfig(
    int HiddenSize,
    int IntermediateSize,
    int NumHiddenLayers,
    int NumAttentionHeads,
    int NumKeyValueHeads,
    int HeadDim,
    int VocabSize,
    int MaxPositionEmbeddings,
    double RmsNormEps,
    double RopeTheta,
    bool TieWordEmbeddings,
    int? BosTokenId,
    int? EosTokenId,
    string TorchDType)
{
    /// <summary>Checks the numbers fit together; <paramref name="source"/> names the file in the message.</summary>
    public void Validate(string source)
    {
        void Require(bool condition, string problem)
        {
            if (!condition)
            {
                throw new Checkpoints.CheckpointFormatException(source, problem);
            }
        }

        Require(HiddenSize > 0 && IntermediateSize > 0 && NumHiddenLayers > 0 && VocabSize > 0, $"implausible architecture: hidden {HiddenSize}, intermediate {IntermediateSize}, layers {NumHiddenLayers}, vocab {VocabSize}.");
        Require(NumAttentionHeads > 0 && NumKeyValueHeads > 0, $"head counts must be positive (heads {NumAttentionHeads}, KV heads {NumKeyValueHeads}).");
        Require(NumAttentionHeads % NumKeyValueHeads == 0, $"{NumAttentionHeads} attention heads are not a multiple of {NumKeyValueHeads} KV heads.");
        Require(HeadDim > 0 && HeadDim % 2 == 0, $"head_dim {HeadDim} must be positive and even for RoPE.");
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("architectures");
            json.WriteStringValue("LlamaForCausalLM");
            json.WriteEndArray();
            json.WriteString("model_type", "llama");
            json.WriteNumber("hidden_size", HiddenSize);
            json.WriteNumber("intermediate_size", IntermediateSize);
            json.WriteNumber("num_hidden_layers", NumHiddenLayers);
            json.WriteNumber("num_attention_heads", NumAttentionHeads);
            json.WriteNumber("num_key_value_heads", NumKeyValueHeads);
            json.WriteNumber("head_dim", HeadDim);
            json.WriteNumber("vocab_size", VocabSize);
            json.WriteNumber("max_position_embeddings", MaxPositionEmbeddings);
            WriteDouble(json, "rms_norm_eps", RmsNormEps);
            WriteDouble(json, "rope_theta", RopeTheta);
            json.WriteString("hidden_act", "silu");
            json.WriteBoolean("tie_word_embeddings", TieWordEmbeddings);
            json.WriteBoolean("attention_bias", false);
            json.WriteBoolean("mlp_bias", false);
            WriteOptional(json, "bos_token_id", BosTokenId);
            WriteOptional(json, "eos_token_id", EosTokenId);
            json.WriteString("torch_dtype", TorchDType);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public string GenerationConfigJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            WriteOptional(json, "bos_token_id", BosTokenId);
            WriteOptional(json, "eos_token_id", EosTokenId);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>Writes a float as JSON with a decimal point or exponent (10000.0, 1e-05), as Python's json does.</summary>
    private static void WriteDouble(Utf8JsonWriter json, string name, double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (!text.Contains('.', StringComparison.Ordinal) && !text.Contains('E', StringComparison.Ordinal))
        {
            text += ".0";
        }

        json.WritePropertyName(name);
        json.WriteRawValue(text.Replace("E", "e", StringComparison.Ordinal));
    }
}

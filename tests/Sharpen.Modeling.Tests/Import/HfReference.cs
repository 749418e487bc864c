using System.Text.Json.Nodes;
using Sharpen.Modeling.Checkpoints;
using Sharpen.TestKit;

namespace Sharpen.Modeling.Tests.Import;

/// <summary>
/// Comparisons against shared/models/stories260K-hf, the Hugging Face folder produced independently by transformers'
/// converter from the same stories260K weights (Q/K rows permuted for rotate-half RoPE). It is the reference every
/// importer's output must equal.
/// </summary>
internal static class HfReference
{
    public static string Folder => SharedData.Path("models", "stories260K-hf");

    public static string File(string name) => SharedData.Path("models", "stories260K-hf", name);

    /// <summary>Same tensor names, dtypes, shapes and bytes as the reference model.safetensors.</summary>
    public static void AssertWeightsBitEqual(string modelSafetensors)
    {
        using var expected = SafetensorsReader.Open(File("model.safetensors"));
        using var actual = SafetensorsReader.Open(modelSafetensors);
        Assert.Equal(expected.Names, actual.Names);
        foreach (var name in expected.Names)
        {
            var e = expected.GetInfo(name);
            var a = actual.GetInfo(name);
            Assert.Equal(e.DType, a.DType);
            Assert.Equal(e.Shape, a.Shape);
            Assert.True(expected.GetBytes(name).SequenceEqual(actual.GetBytes(name)), $"tensor '{name}' differs from the Hugging Face reference.");
        }
    }

    /// <summary>The architecture numbers of config.json equal the reference's.</summary>
    public static void AssertConfigEqual(string configJson)
    {
        var expected = JsonNode.Parse(System.IO.File.ReadAllText(File("config.json")))!.AsObject();
        var actual = JsonNode.Parse(System.IO.File.ReadAllText(configJson))!.AsObject();
        string[] keys =
        [
            "architectures", "model_type", "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
            "num_key_value_heads", "head_dim", "vocab_size", "max_position_embeddings", "rms_norm_eps", "rope_theta",
            "tie_word_embeddings", "bos_token_id", "eos_token_id", "torch_dtype", "hidden_act",
        ];
        foreach (var key in keys)
        {
            Assert.True(actual.ContainsKey(key), $"config.json lacks '{key}'.");
            var e = expected[key]!;
            var a = actual[key]!;
            if (e.GetValueKind() == System.Text.Json.JsonValueKind.Number)
            {
                Assert.Equal(e.GetValue<double>(), a.GetValue<double>());
            }
            else
            {
                Assert.True(JsonNode.DeepEquals(e, a), $"config.json '{key}': {a.ToJsonString()} vs reference {e.ToJsonString()}");
            }
        }
    }

    /// <summary>The tokenizer.json model has the reference's vocab (piece → id) and merges, in order.</summary>
    public static void AssertVocabAndMergesEqual(string tokenizerJson)
    {
        var expected = JsonNode.Parse(System.IO.File.ReadAllText(File("tokenizer.json")))!["model"]!;
        var actual = JsonNode.Parse(System.IO.File.ReadAllText(tokenizerJson))!["model"]!;
        Assert.True(JsonNode.DeepEquals(expected["vocab"], actual["vocab"]), "vocab differs from the reference tokenizer.json");
        var expectedMerges = expected["merges"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        var actualMerges = actual["merges"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.Equal(expectedMerges, actualMerges);
    }

    /// <summary>The whole tokenizer.json, apart from the listed top-level keys, equals the reference's.</summary>
    public static void AssertTokenizerEqualExcept(string tokenizerJson, params string[] ignoredKeys)
    {
        var expected = JsonNode.Parse(System.IO.File.ReadAllText(File("tokenizer.json")))!.AsObject();
        var actual = JsonNode.Parse(System.IO.File.ReadAllText(tokenizerJson))!.AsObject();
        Assert.Equal(expected.Select(kv => kv.Key).Order(), actual.Select(kv => kv.Key).Order());
        foreach (var (key, value) in expected)
        {
            if (!ignoredKeys.Contains(key))
            {
                Assert.True(JsonNode.DeepEquals(value, actual[key]), $"tokenizer.json '{key}': {actual[key]?.ToJsonString()[..Math.Min(300, actual[key]?.ToJsonString().Length ?? 0)]}");
            }
        }
    }
}

using Sharpen.Core.Training;
using Sharpen.Data.Analysis;
using Sharpen.Data.Formats;
using Sharpen.Data.Reading;
using Sharpen.TestKit;
using Sharpen.Tokenization;
using Sharpen.Training.Config;

namespace Sharpen.Training.Tests;

/// <summary>
/// A tiny real setup for end-to-end tests: stories260K (260K parameters, llama2.c) and a handful of short stories
/// tokenised with its own tokenizer; the first three tokens of each example are "prompt" (loss mask 0).
/// </summary>
internal static class TinyTraining
{
    public static readonly string[] Stories =
    [
        "Once upon a time, there was a little dog named Max. Max liked to run in the park with his ball.",
        "Lily saw a big red bird in the tree. She wanted to say hello, so she waved her hand.",
        "Tom had a small boat. He took it to the pond and watched it float on the water.",
        "The sun was hot and the sky was blue. Sue and her mom went to the beach to play in the sand.",
        "One day, a cat found a box. The cat jumped in the box and fell asleep.",
        "Ben wanted a cookie. His mom said he could have one after dinner, so he waited.",
        "A little girl named Amy had a pink hat. She wore it every day when she went outside.",
        "The frog sat on a log. It said ribbit and jumped into the pond with a big splash.",
    ];

    public static readonly string[] ValidationStories =
    [
        "Sam and his dad went to the store. They bought apples and milk and walked home.",
        "The bunny hopped in the garden. It ate a carrot and then it ran away.",
    ];

    public static string ModelDirectory => SharedData.Path("models", "stories260K-hf");

    public static IReadOnlyList<TokenizedExample> Tokenize(IEnumerable<string> texts)
    {
        var tokenizer = TokenizerLoader.Load(ModelDirectory);
        return [.. texts.Select(text =>
        {
            var ids = tokenizer.Encode(text).ToArray();
            return new TokenizedExample(ids, [.. ids.Select((_, i) => i >= 3)]);
        })];
    }

    /// <summary>Writes train.jsonl and validation.jsonl into <paramref name="directory"/>.</summary>
    public static (string Train, string Validation) WriteDatasets(string directory)
    {
        var train = Path.Combine(directory, "train.jsonl");
        var validation = Path.Combine(directory, "validation.jsonl");
        TokenizedExampleJsonl.Write(train, Tokenize(Stories));
        TokenizedExampleJsonl.Write(validation, Tokenize(ValidationStories));
        return (train, validation);
    }

    /// <summary>A YAML config for the tiny setup; <paramref name="overrides"/> are applied like --set.</summary>
    public static string Yaml(string directory, bool withValidation = true) => $"""
        model:
          path: {ModelDirectory}
        data:
          train: train.jsonl
          validation: {(withValidation ? "validation.jsonl" : "\"\"")}
          max_seq_length: 64
        training:
          epochs: 4
          batch_size: 2
          learning_rate: 1e-3
          warmup_steps: 2
          seed: 7
          threads: 1
        evaluation:
          every_steps: 0
        checkpoint:
          every_steps: 0
        output:
          runs_dir: runs
          run_id: run
          console: false
        """;

    public static TrainingConfig Config(string directory, params string[] overrides) =>
        Config(directory, withValidation: true, overrides);

    public static TrainingConfig Config(string directory, bool withValidation, params string[] overrides)
    {
        WriteDatasets(directory);
        var yamlPath = Path.Combine(directory, "config.yaml");
        File.WriteAllText(yamlPath, Yaml(directory, withValidation));
        return new TrainingConfigBuilder().AddYamlFile(yamlPath).ApplyOverrides(overrides).Build();
    }

    /// <summary>
    /// Every 7th row of shared/data/banking77/train.csv (read by the data step's CSV reader, so quoted multi-line
    /// texts stay whole) as OpenAI chat JSONL: user = text, assistant = intent.
    /// </summary>
    public static void WriteBanking77Chat(string directory, int train, int validation)
    {
        var rows = ConversationReader.Read(SharedData.Path("data", "banking77", "train.csv"), new DatasetReadOptions { Columns = ColumnMapping.Classification("text", "category") })
            .Where((_, i) => i % 7 == 0) // a spread of intents, not just the first category
            .Select(c => System.Text.Json.JsonSerializer.Serialize(new
            {
                messages = c.Messages.Select(m => new { role = m.Role.ToString().ToLowerInvariant(), content = m.Content }),
            }))
            .Take(train + validation)
            .ToList();
        File.WriteAllLines(Path.Combine(directory, "train.jsonl"), rows.Take(train));
        File.WriteAllLines(Path.Combine(directory, "validation.jsonl"), rows.Skip(train));
    }
}

using System.Text.Json;
using Sharpen.Core.Training;
using Sharpen.Data.Reading;
using Sharpen.Tokenization;
using Sharpen.Tokenization.Chat;
using Sharpen.Training.Config;

namespace Sharpen.Training.Data;

/// <summary>
/// Reads training and validation files as tokenised examples: tokenised JSONL as it is, chat data (the prepared splits of
/// <c>sharpen data prepare</c>, or any format the data step reads) rendered with the model's prompt format — its chat
/// template, or the plain format for base models — so training sees exactly what inference will.
/// </summary>
internal sealed class TrainingExampleSource(string modelDirectory, DataFormat format, bool trainOnInputs)
{
    private ConversationEncoder? _encoder;

    /// <summary>The prompt format used for chat files (null until a chat file was read).</summary>
    public string? PromptFormat => _encoder?.Name;

    public List<TokenizedExample> Read(string path)
    {
        if (Resolve(path) == DataFormat.Tokenized)
        {
            return [.. TokenizedExampleJsonl.Read(path)];
        }

        _encoder ??= CreateEncoder();
        var examples = new List<TokenizedExample>();
        foreach (var conversation in ConversationReader.Read(path))
        {
            var encoded = _encoder.Encode(conversation);
            examples.Add(new TokenizedExample(encoded.InputIds, encoded.LossMask));
        }

        return examples;
    }

    private ConversationEncoder CreateEncoder()
    {
        var tokenizer = TokenizerLoader.Load(modelDirectory);
        return new ConversationEncoder(tokenizer, PromptFormats.ForModel(modelDirectory, tokenizer), trainOnInputs);
    }

    private DataFormat Resolve(string path)
    {
        if (format != DataFormat.Auto)
        {
            return format;
        }

        var first = File.ReadLines(path).FirstOrDefault(l => l.Trim().Length > 0);
        if (first is null || !first.TrimStart().StartsWith('{'))
        {
            return DataFormat.Chat;
        }

        try
        {
            using var json = JsonDocument.Parse(first);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("input_ids", out _)
                ? DataFormat.Tokenized
                : DataFormat.Chat;
        }
        catch (JsonException)
        {
            return DataFormat.Chat;
        }
    }
}

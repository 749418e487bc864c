using Sharpen.Core.Conversations;
using Sharpen.Data.Analysis;
using Sharpen.Data.Preparation;
using Sharpen.Data.Reading;
using Sharpen.Data.Validation;
using Sharpen.Modeling.Llama;
using Sharpen.Tokenization;
using Sharpen.Tokenization.Chat;

namespace Sharpen.Hosting.Data;

/// <summary>One span of a rendered example: its text and whether it is trained on.</summary>
public sealed record PreviewSpan(string Text, bool Trained);

/// <summary>An example as the model will see it in training.</summary>
public sealed record ExamplePreview(string Format, int Tokens, int TrainedTokens, IReadOnlyList<PreviewSpan> Spans, Conversation Conversation);

/// <summary>The data step behind <c>sharpen data validate|prepare|preview</c>: wires a model's tokenizer into the data library.</summary>
public static class DataService
{
    /// <summary>Validates <paramref name="file"/>; with a model folder, token statistics and the context check use its tokenizer.</summary>
    public static DatasetReport Validate(string file, DatasetReadOptions read, string? modelDirectory = null) =>
        DatasetValidator.Validate(file, WithModel(new ValidationOptions { Read = read }, modelDirectory));

    /// <summary>Cleans and splits <paramref name="options"/>' input; with a model folder, token statistics use its tokenizer.</summary>
    public static PrepareResult Prepare(PrepareOptions options, string? modelDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return DatasetPreparer.Prepare(options with { Analysis = WithModel(options.Analysis, modelDirectory) });
    }

    /// <summary>Renders example <paramref name="index"/> of <paramref name="file"/> with the model's prompt format and loss mask.</summary>
    public static ExamplePreview Preview(string file, DatasetReadOptions read, string modelDirectory, int index, bool trainOnInputs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var conversation = ConversationReader.Read(file, read).Skip(index).FirstOrDefault()
            ?? throw new ArgumentException($"{file} has no valid example #{index}.");
        var tokenizer = TokenizerLoader.Load(modelDirectory);
        var format = PromptFormats.ForModel(modelDirectory, tokenizer);
        var encoded = new ConversationEncoder(tokenizer, format, trainOnInputs).Encode(conversation);
        var spans = new List<PreviewSpan>();
        var start = 0;
        for (var i = 1; i <= encoded.InputIds.Length; i++)
        {
            if (i == encoded.InputIds.Length || encoded.LossMask[i] != encoded.LossMask[start])
            {
                spans.Add(new PreviewSpan(tokenizer.Decode(encoded.InputIds[start..i]), encoded.LossMask[start]));
                start = i;
            }
        }

        return new ExamplePreview(format.Name, encoded.InputIds.Length, encoded.TrainedTokens, spans, conversation);
    }

    private static ValidationOptions WithModel(ValidationOptions options, string? modelDirectory)
    {
        if (modelDirectory is null)
        {
            return options;
        }

        var config = LlamaConfig.Load(Path.Combine(modelDirectory, "config.json"));
        var tokenizer = TokenizerLoader.Load(modelDirectory);
        var encoder = new ConversationEncoder(tokenizer, PromptFormats.ForModel(modelDirectory, tokenizer));
        return options with { Tokenizer = tokenizer, TokenCounter = encoder, ContextLength = config.MaxPositionEmbeddings };
    }
}

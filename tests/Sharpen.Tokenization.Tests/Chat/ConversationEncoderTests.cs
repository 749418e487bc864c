using Sharpen.Core.Conversations;
using Sharpen.Tokenization.Chat;
using Sharpen.TestKit;

namespace Sharpen.Tokenization.Tests.Chat;

public sealed class ConversationEncoderTests
{
    private static readonly Conversation SingleTurn = new([
        new Message(Role.User, "Where is my card?"),
        new Message(Role.Assistant, "card_arrival"),
    ]);

    [Fact]
    public void Encode_PlainFormat_IdsAreTheWholeTextAndOnlyTheReplyIsTrained()
    {
        var folder = SharedData.Path("models", "stories260K-hf");
        var tokenizer = TokenizerLoader.Load(folder);
        var format = PromptFormats.ForModel(folder, tokenizer);
        var encoder = new ConversationEncoder(tokenizer, format);

        var encoded = encoder.Encode(SingleTurn);

        Assert.Equal(PlainPromptFormat.FormatName, format.Name);
        Assert.Equal("User: Where is my card?\nAssistant: card_arrival</s>", encoded.Text);
        Assert.Equal(tokenizer.Encode(encoded.Text), encoded.InputIds);
        Assert.Equal(tokenizer.EosTokenId, encoded.InputIds[^1]);
        var trained = encoded.InputIds.Where((_, i) => encoded.LossMask[i]).ToList();
        Assert.Equal("card_arrival</s>", tokenizer.Decode(trained).Trim());
        Assert.Equal("User: Where is my card?\nAssistant:", tokenizer.Decode(encoded.InputIds.Where((_, i) => !encoded.LossMask[i]), skipSpecialTokens: true));
    }

    [Fact]
    public void Encode_WeightZeroTurn_IsContextOnly()
    {
        var folder = SharedData.Path("models", "stories260K-hf");
        var tokenizer = TokenizerLoader.Load(folder);
        var encoder = new ConversationEncoder(tokenizer, PromptFormats.ForModel(folder, tokenizer));
        var conversation = new Conversation([
            new Message(Role.User, "hi"),
            new Message(Role.Assistant, "first answer") { Weight = 0 },
            new Message(Role.User, "again"),
            new Message(Role.Assistant, "second answer"),
        ]);

        var encoded = encoder.Encode(conversation);

        var trained = tokenizer.Decode(encoded.InputIds.Where((_, i) => encoded.LossMask[i]), skipSpecialTokens: true);
        Assert.Equal("second answer", trained.Trim());
    }

    [Fact]
    public void Encode_TrainOnInputs_TrainsEverythingButBos()
    {
        var folder = SharedData.Path("models", "stories260K-hf");
        var tokenizer = TokenizerLoader.Load(folder);
        var encoder = new ConversationEncoder(tokenizer, PromptFormats.ForModel(folder, tokenizer), trainOnInputs: true);

        var encoded = encoder.Encode(SingleTurn);

        Assert.False(encoded.LossMask[0]);
        Assert.All(encoded.LossMask.Skip(1), Assert.True);
    }

    [Fact]
    public void Encode_Qwen25Template_TrainsReplyAndItsEndOfTurn()
    {
        // The template is Qwen2.5's own; its rendering is checked against transformers' in the Templates goldens.
        var folder = SharedData.Path("tokenizers", "qwen2.5-derived");
        var tokenizer = TokenizerLoader.Load(folder);
        var format = PromptFormats.ForModel(folder, tokenizer);
        var encoder = new ConversationEncoder(tokenizer, format);

        var encoded = encoder.Encode(SingleTurn);

        Assert.IsType<JinjaPromptFormat>(format);
        Assert.Equal(tokenizer.Encode(encoded.Text, addSpecialTokens: false), encoded.InputIds);
        Assert.Contains("<|im_start|>user\nWhere is my card?<|im_end|>\n<|im_start|>assistant\n", encoded.Text, StringComparison.Ordinal);
        var trained = tokenizer.Decode(encoded.InputIds.Where((_, i) => encoded.LossMask[i]));
        Assert.Equal("card_arrival<|im_end|>\n", trained);
    }

    [Fact]
    public void Encode_Llama31Template_TrainsReplyAndEndOfTurnOnly()
    {
        var folder = SharedData.Path("tokenizers", "llama3_1");
        var tokenizer = TokenizerLoader.Load(folder);
        var encoder = new ConversationEncoder(tokenizer, PromptFormats.ForModel(folder, tokenizer));
        var twoTurns = new Conversation([
            new Message(Role.System, "You are a bank assistant."),
            new Message(Role.User, "Where is my card?"),
            new Message(Role.Assistant, "card_arrival"),
            new Message(Role.User, "I lost it"),
            new Message(Role.Assistant, "lost_or_stolen_card"),
        ]);

        var encoded = encoder.Encode(twoTurns);

        Assert.Equal(tokenizer.BosTokenId, encoded.InputIds[0]);
        Assert.Equal(1, encoded.InputIds.Count(id => id == tokenizer.BosTokenId)); // the template's BOS, not a second one
        var trained = tokenizer.Decode(encoded.InputIds.Where((_, i) => encoded.LossMask[i]));
        Assert.Equal("card_arrival<|eot_id|>lost_or_stolen_card<|eot_id|>", trained);
    }

    [Fact]
    public void EncodePrompt_EndsWhereTheReplyBegins()
    {
        var folder = SharedData.Path("models", "stories260K-hf");
        var tokenizer = TokenizerLoader.Load(folder);
        var encoder = new ConversationEncoder(tokenizer, PromptFormats.ForModel(folder, tokenizer));

        var prompt = encoder.EncodePrompt([new Message(Role.User, "Where is my card?")]);
        var full = encoder.Encode(SingleTurn);

        Assert.Equal(prompt, full.InputIds.Take(prompt.Count));
        Assert.False(full.LossMask[prompt.Count - 1]);
        Assert.True(full.LossMask[prompt.Count]);
    }

    [Theory]
    [InlineData("models/stories260K-hf")]
    [InlineData("tokenizers/qwen2.5-derived")]
    [InlineData("tokenizers/llama3_1")]
    public void CountTokens_EqualsTheEncodedLength(string folder)
    {
        var path = SharedData.Path(folder.Split('/'));
        var tokenizer = TokenizerLoader.Load(path);
        var encoder = new ConversationEncoder(tokenizer, PromptFormats.ForModel(path, tokenizer));

        Assert.Equal(encoder.Encode(SingleTurn).InputIds.Length, encoder.CountTokens(SingleTurn));
    }
}

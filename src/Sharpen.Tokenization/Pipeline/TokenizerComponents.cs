using Sharpen.Tokenization.Decoders;
using Sharpen.Tokenization.Models;
using Sharpen.Tokenization.Normalizers;
using Sharpen.Tokenization.PostProcessors;
using Sharpen.Tokenization.PreTokenizers;

namespace Sharpen.Tokenization.Pipeline;

/// <summary>The parts of a tokenizer as read from a file, before <c>tokenizer_config.json</c> adds its special tokens.</summary>
internal sealed class TokenizerComponents
{
    public required ITokenModel Model { get; init; }

    public required IReadOnlyList<AddedToken> AddedTokens { get; set; }

    public INormalizer? Normalizer { get; init; }

    public IPreTokenizer? PreTokenizer { get; init; }

    public IPostProcessor? PostProcessor { get; set; }

    public ITokenDecoder? Decoder { get; init; }

    /// <summary>BOS id the file itself names (SentencePiece <c>bos_id</c>, or the template's leading special token).</summary>
    public int? DefaultBosId { get; init; }

    /// <summary>EOS id the file itself names (SentencePiece <c>eos_id</c>).</summary>
    public int? DefaultEosId { get; init; }

    /// <summary>Whether the file came from SentencePiece, whose BOS/EOS are always governed by the add_bos/add_eos flags.</summary>
    public bool IsSentencePiece { get; init; }
}

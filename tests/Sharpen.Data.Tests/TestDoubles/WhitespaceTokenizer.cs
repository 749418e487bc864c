using Sharpen.Core.Text;

namespace Sharpen.Data.Tests.TestDoubles;

/// <summary>A test double that makes one token per whitespace-separated word: enough to test counting logic.</summary>
internal sealed class WhitespaceTokenizer : ITokenizer
{
    public int VocabSize => 0;

    public int? BosTokenId => null;

    public int? EosTokenId => null;

    public IReadOnlyCollection<int> StopTokenIds => [];

    public IReadOnlyList<int> Encode(string text, bool addSpecialTokens = true) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(_ => 0).ToArray();

    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false) => string.Empty;

    public string? IdToToken(int id) => null;

    public int? TokenToId(string token) => null;
}

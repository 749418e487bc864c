namespace Sharpen.Tokenization.Models;

/// <summary>Turns one pre-tokenized word into ids and owns the vocabulary (Hugging Face <c>model</c>).</summary>
internal interface ITokenModel
{
    /// <summary>Largest id in the vocabulary.</summary>
    int MaxId { get; }

    /// <summary>Appends the ids of <paramref name="word"/> to <paramref name="output"/>.</summary>
    void Tokenize(string word, List<int> output);

    int? TokenToId(string token);

    string? IdToToken(int id);
}

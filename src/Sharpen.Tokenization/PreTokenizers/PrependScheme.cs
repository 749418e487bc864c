namespace Sharpen.Tokenization.PreTokenizers;

/// <summary>When the Metaspace pre-tokenizer prefixes the replacement character (Hugging Face <c>PrependScheme</c>).</summary>
internal enum PrependScheme
{
    /// <summary>Before every segment that does not already start with it.</summary>
    Always,

    /// <summary>Only before the segment at the very start of the input.</summary>
    First,

    /// <summary>Never.</summary>
    Never,
}
